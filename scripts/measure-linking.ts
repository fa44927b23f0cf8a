/**
 * Issue 20, a measurement (not a test): what linking one sync page of 1 000 Xero contacts costs as
 * the workspace grows (0 / 10 k / 50 k clients, each a HubSpot company, contact and won deal).
 * Run from a checkout: `npx tsx scripts/measure-linking.ts [root] [clients...]` — root defaults to
 * this checkout, so the same script measures an older one (before/after) by pointing at it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const sizes = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [0, 10_000, 50_000];
const { loadConfig } = await import(join(root, 'src/config/load-config.js'));
const { createAppContext, closeAppContext } = await import(join(root, 'src/app/create-app-context.js'));
const { silentLogger } = await import(join(root, 'src/logging/logger.js'));
const { upsertRecordSync } = await import(join(root, 'bench/support/upsert-record-sync.js'));
const { resolveLinks } = await import(join(root, 'src/identity/resolve-links.js'));
// Since issue 15 linking is on the async store (a transaction it is handed); a checkout from before
// links synchronously on the SQLite handle. Both are measured the same way: one page, one transaction.
const onStore = resolveLinks.constructor.name === 'AsyncFunction';
type App = { workspaceId: number; config: { identity: unknown }; db: { transaction<T>(fn: () => T): () => T }; store?: { transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T> } };
const link = async (app: App, ids?: number[]): Promise<{ linked: number }> =>
  onStore ? app.store!.transaction((tx) => resolveLinks(tx, app.workspaceId, app.config.identity, ids)) : app.db.transaction(() => resolveLinks(app.db, app.workspaceId, app.config.identity, ids))();

const company = (name: string, extra: Record<string, unknown>) => ({ name, domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null, ...extra });

for (const clients of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'measure-linking-'));
  const config = loadConfig({ CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: 'measure-secret-key-0123456789-abcdefghijklmnop', HUBSPOT_ACCESS_TOKEN: '' });
  const app = await createAppContext(config, { logger: silentLogger });
  const db = app.db;
  const now = Date.now();
  const connection = (provider: string) => (db.prepare(`INSERT INTO connections (workspace_id, provider, label, auth_type, created_at, updated_at) VALUES (?, ?, 'measure', 'token', ?, ?) RETURNING id`).get(app.workspaceId, provider, now, now) as { id: number }).id;
  const crm = connection('hubspot');
  const xero = connection('xero');
  const write = (connectionId: number, provider: string, objectType: string, kind: string, externalId: string, data: unknown, raw: unknown) =>
    (upsertRecordSync(db, { workspaceId: app.workspaceId, connectionId, provider, objectType, externalId, kind, data, raw, sourceUpdatedAt: now, deleted: false }, now) as { recordId: number }).recordId;
  db.transaction(() => {
    for (let c = 0; c < clients; c++) {
      const domain = `client${c}.example`;
      const companyId = write(crm, 'hubspot', 'companies', 'company', `co${c}`, company(`Client ${c} Ltd`, { domain }), { id: `co${c}` });
      write(crm, 'hubspot', 'contacts', 'contact', `ct${c}`, { email: `ceo@${domain}`, firstName: null, lastName: null, fullName: 'CEO', phone: null, jobTitle: null, companyExternalIds: [`co${c}`] }, { id: `ct${c}` });
      write(crm, 'hubspot', 'deals', 'deal', `dl${c}`, { name: `Deal ${c}`, amountMinor: 100, currency: 'USD', pipelineId: null, stageId: null, stageLabel: null, isClosed: true, isWon: true, closeDate: null, ownerExternalId: null, companyExternalIds: [`co${c}`], contactExternalIds: [] }, { id: `dl${c}` });
      const client = (db.prepare(`INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`).get(app.workspaceId, `Client ${c} Ltd`, now, now) as { id: number }).id;
      db.prepare(`INSERT INTO client_sources (client_id, record_id, how, created_at) VALUES (?, ?, 'provisioned_from_won_deal', ?)`).run(client, companyId, now);
    }
  })();
  // The CRM's own pass (as provisioning runs it), so the seeded clients stand as evidence; then
  // one small page first, so one-time work (keys of the seeded rows) is not counted in a page.
  await link(app);
  const timings: number[] = [];
  let linked = 0;
  for (let page = 0; page < 4; page++) {
    const ids: number[] = [];
    const size = page === 0 ? 10 : 1000;
    db.transaction(() => {
      for (let i = 0; i < size; i++) {
        const n = page * 1000 + i;
        const c = clients === 0 ? n : n % clients;
        const id = `xc${n}`;
        const variant = n % 4;
        const data =
          variant === 0 ? company(`Client ${c}`, { emails: [`ceo@client${c}.example`] })
          : variant === 1 ? company(`Client ${c} Accounts`, { emails: [`accounts@client${c}.example`] })
          : variant === 2 ? company(`Someone ${n}`, { emails: [`someone${n}@gmail.com`] })
          : company(`Stranger ${n}`, { emails: [`x${n}@nowhere${n}.org`] });
        ids.push(write(xero, 'xero', 'Contact', 'company', id, data, { contactID: id, accountNumber: variant === 2 ? `co${c}` : null }));
      }
    })();
    const started = performance.now();
    const summary = await link(app, ids);
    linked += page === 0 ? 0 : summary.linked;
    const ms = performance.now() - started;
    if (page > 0) timings.push(ms);
  }
  timings.sort((a, b) => a - b);
  console.log(JSON.stringify({ root, clients, msPer1000: { min: Math.round(timings[0]!), median: Math.round(timings[1]!), max: Math.round(timings[2]!) }, linkedPerPage: Math.round(linked / 3) }));
  await closeAppContext(app);
  rmSync(dir, { recursive: true, force: true });
}
