/**
 * Re-linking from the cache (issue 6): every record of a workspace re-evaluated by the identity
 * rules, against a baseline measured in the same run — reading and parsing the same records.
 */
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext, closeAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { upsertRecordSync } from './support/upsert-record-sync.js';
import { relinkWorkspace } from '../src/identity/relink-workspace.js';

export async function benchRelink(parentDir: string, totalRecords = Number(process.env.BENCH_RELINK_RECORDS ?? 100_000)) {
  const config = loadConfig({ CLIENTHUB_DATA_DIR: join(parentDir, 'relink'), CLIENTHUB_SECRET_KEY: 'bench-secret-key-0123456789-abcdefghijklmnop', HUBSPOT_ACCESS_TOKEN: '' });
  const app = await createAppContext(config, { logger: silentLogger });
  const db = app.db;
  const now = Date.now();
  const connection = (provider: string) => (db.prepare(`INSERT INTO connections (workspace_id, provider, label, auth_type, created_at, updated_at) VALUES (?, ?, 'bench', 'token', ?, ?) RETURNING id`).get(app.workspaceId, provider, now, now) as { id: number }).id;
  const crm = connection('hubspot');
  const xero = connection('xero');
  const stripe = connection('stripe');
  const clients = Math.max(10, Math.round(totalRecords / 100));
  const company = (name: string, extra: Record<string, unknown>) => ({ name, domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null, ...extra });
  let written = 0;
  const write = (connectionId: number, provider: string, objectType: string, kind: 'company' | 'contact' | 'deal' | 'invoice' | 'payment', externalId: string, data: unknown, raw: unknown) => {
    upsertRecordSync(db, { workspaceId: app.workspaceId, connectionId, provider, objectType, externalId, kind, data, raw, sourceUpdatedAt: now, deleted: false }, now);
    written++;
  };
  db.transaction(() => {
    for (let c = 0; c < clients; c++) {
      const domain = `client${c}.example`;
      write(crm, 'hubspot', 'companies', 'company', `co${c}`, company(`Client ${c} Ltd`, { domain }), { id: `co${c}` });
      write(crm, 'hubspot', 'contacts', 'contact', `ct${c}`, { email: `ceo@${domain}`, firstName: null, lastName: null, fullName: 'CEO', phone: null, jobTitle: null, companyExternalIds: [`co${c}`] }, { id: `ct${c}` });
      write(crm, 'hubspot', 'deals', 'deal', `dl${c}`, { name: `Deal ${c}`, amountMinor: 100, currency: 'USD', pipelineId: null, stageId: null, stageLabel: null, isClosed: true, isWon: true, closeDate: null, ownerExternalId: null, companyExternalIds: [`co${c}`], contactExternalIds: [] }, { id: `dl${c}` });
      const client = (db.prepare(`INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`).get(app.workspaceId, `Client ${c} Ltd`, now, now) as { id: number }).id;
      const record = (db.prepare(`SELECT id FROM records WHERE connection_id = ? AND external_id = ?`).get(crm, `co${c}`) as { id: number }).id;
      db.prepare(`INSERT INTO client_sources (client_id, record_id, how, created_at) VALUES (?, ?, 'provisioned_from_won_deal', ?)`).run(client, record, now);
      db.prepare('UPDATE records SET client_id = ? WHERE id = ?').run(client, record);
    }
    // Billing identities (by email, by domain, by explicit id, and strangers), then invoices and payments on them.
    let i = 0;
    while (written < totalRecords) {
      const c = i % clients;
      const kind = i % 4;
      const customer = `cus${i}`;
      if (kind === 0) write(stripe, 'stripe', 'Customer', 'company', customer, company(`Client ${c}`, { emails: [`ceo@client${c}.example`] }), { id: customer, metadata: {} });
      else if (kind === 1) write(xero, 'xero', 'Contact', 'company', customer, company(`Client ${c} Accounts`, { emails: [`accounts@client${c}.example`] }), { contactID: customer });
      else if (kind === 2) write(stripe, 'stripe', 'Customer', 'company', customer, company(`Someone ${i}`, { emails: [`someone${i}@gmail.com`] }), { id: customer, metadata: { crm_company_id: `co${c}` } });
      else write(xero, 'xero', 'Contact', 'company', customer, company(`Stranger ${i}`, { emails: [`x${i}@nowhere${i}.org`] }), { contactID: customer });
      const [conn, provider] = kind % 2 === 0 ? [stripe, 'stripe'] : [xero, 'xero'];
      for (let n = 0; n < 8 && written < totalRecords; n++) {
        write(conn, provider, 'Invoice', 'invoice', `${customer}-in${n}`, { number: `${i}-${n}`, status: 'open', issueDate: null, dueDate: null, currency: 'USD', subtotalMinor: 100, taxMinor: 0, totalMinor: 100, amountDueMinor: 100, payUrl: null, pdfAvailable: false, customerExternalId: customer, lines: [] }, { id: `${customer}-in${n}` });
      }
      if (written < totalRecords) write(conn, provider, 'Payment', 'payment', `${customer}-pay`, { amountMinor: 200, currency: 'USD', paidAt: '2026-11-01', refundedMinor: 0, method: null, customerExternalId: null, invoiceExternalIds: [`${customer}-in0`, `${customer}-in1`] }, { id: `${customer}-pay` });
      i++;
    }
  })();

  // Baseline: read and parse every record (what any full pass over the cache costs at least).
  let started = performance.now();
  let parsed = 0;
  for (const row of db.prepare('SELECT data, raw FROM records').iterate() as IterableIterator<{ data: string; raw: string }>) {
    JSON.parse(row.data);
    JSON.parse(row.raw);
    parsed++;
  }
  const readMs = performance.now() - started;
  started = performance.now();
  const first = await relinkWorkspace(app);
  const relinkMs = performance.now() - started;
  started = performance.now();
  const again = await relinkWorkspace(app);
  const noChangeMs = performance.now() - started;
  const linked = (db.prepare('SELECT COUNT(*) AS n FROM records WHERE client_id IS NOT NULL').get() as { n: number }).n;
  await closeAppContext(app);
  return {
    records: written,
    clients,
    linkedAfter: linked,
    reviewQueue: first.reviewed,
    readAndParseMs: Math.round(readMs),
    firstRelinkMs: Math.round(relinkMs),
    relinkWithNothingToChangeMs: Math.round(noChangeMs),
    ratioFirstRelinkToRead: +(relinkMs / readMs).toFixed(2),
    ratioNoChangeRelinkToRead: +(noChangeMs / readMs).toFixed(2),
    secondRunChanged: again.linked + again.unlinked,
    parsed,
  };
}
