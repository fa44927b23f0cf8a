import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { resolveLinks } from './resolve-links.js';
import { seedIdentityWorld, WORLD_RECORDS, type World } from './testing/identity-world.js';
import { buildClientIndex, type ClientIndex } from './build-client-index.js';
import { lookupClientIndex } from './lookup-client-index.js';
import { crmProviders } from './crm-providers.js';
import { upsertRecord } from '../records/upsert-record.js';
import { sqlGet, sqlRun } from '../../tests/support/sql.js';
import { setRecordClient } from './set-record-client.js';

/** Every key either index knows, read from both: the indexed lookups must answer exactly what the full build holds. */
function compare(full: ClientIndex, lazy: ClientIndex, probes: string[]) {
  const sets = (index: ClientIndex, kind: 'crmIds' | 'emails' | 'domains' | 'names', keys: string[]) =>
    Object.fromEntries(keys.map((key) => [key, [...(index[kind].get(key) ?? [])].sort()]));
  const keysOf = (kind: 'crmIds' | 'emails' | 'domains' | 'names') => [...new Set([...(full[kind] as unknown as Map<string, unknown>).keys(), ...probes])].sort();
  for (const kind of ['crmIds', 'emails', 'domains', 'names'] as const) {
    const keys = keysOf(kind);
    expect(sets(lazy, kind, keys), kind).toEqual(sets(full, kind, keys));
  }
  const entries = (index: ClientIndex) => [...index.names.entries()].map(([name, ids]) => [name, [...ids].sort()]).sort();
  expect(entries(lazy)).toEqual(entries(full));
}

describe('indexed evidence lookups (lookupClientIndex) against the full client index', () => {
  let app: TestApp;
  let world: World;
  beforeEach(async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '' });
    world = await seedIdentityWorld(app.store, app.workspaceId);
  });
  afterEach(() => app.dispose());

  const rules = () => app.config.identity;
  /** Both indexes in one transaction, the looked-up one loaded with every key the comparison asks about. */
  const indexes = async (probes: string[]) => {
    const crm = await crmProviders(app.store.db, app.workspaceId);
    return app.store.transaction(async (tx) => {
      const full = await buildClientIndex(tx, app.workspaceId, rules().extraFreeMailDomains, crm);
      const lazy = await lookupClientIndex(tx, app.workspaceId, rules().extraFreeMailDomains, crm);
      const keys = (kind: 'crmIds' | 'emails' | 'domains' | 'names') => [...new Set([...(full[kind] as unknown as Map<string, unknown>).keys(), ...probes])];
      await lazy.load({ crmIds: keys('crmIds'), emails: keys('emails'), domains: keys('domains'), names: keys('names'), nearNames: [], allNames: true });
      return { full, lazy };
    });
  };
  const ownerOf = async (key: string) => world.clientKeyOf((await sqlGet<{ client_id: number | null }>(app, 'SELECT client_id FROM records WHERE id = ?', world.records[key]))!.client_id);

  it('answers every key as the full index does, through provisioning, portal users, edits, offboarding and deletion', async () => {
    const probes = ['nobody@nowhere.example', 'nowhere.example', 'gmail.com', 'unknown co', '999999'];
    let { full, lazy } = await indexes(probes);
    compare(full, lazy, probes);

    await app.store.transaction((tx) => resolveLinks(tx, app.workspaceId, rules()));
    ({ full, lazy } = await indexes(probes));
    compare(full, lazy, probes);

    // A billing company a person linked by hand is evidence; one a rule linked is not.
    const billing = (await sqlGet<{ id: number }>(app, `SELECT id FROM records WHERE kind = 'company' AND provider = 'xero' AND client_id IS NULL AND deleted = 0 ORDER BY id LIMIT 1`))!;
    await app.store.transaction((tx) => setRecordClient(tx, { recordId: billing.id, workspaceId: app.workspaceId, clientId: world.clients.globex!, method: 'manual', confidence: 1, detail: {}, manual: true, decidedBy: 'ops' }));
    ({ full, lazy } = await indexes(probes));
    compare(full, lazy, probes);
    expect((full.names as Map<string, Set<number>>).size).toBeGreaterThan(0);

    // Portal users: evidence only when active and provisioned from a contact that is itself evidence for the same client.
    const contact = (await sqlGet<{ id: number; client_id: number }>(app, `SELECT id, client_id FROM records WHERE kind = 'contact' AND client_id IS NOT NULL AND provider = 'hubspot' ORDER BY id LIMIT 1`))!;
    const other = Object.values(world.clients).find((id) => id !== contact.client_id)!;
    const user = (clientId: number, email: string, status: string) =>
      sqlRun(app, `INSERT INTO portal_users (workspace_id, client_id, email, name, contact_record_id, status, created_at) VALUES (?, ?, ?, 'A', ?, ?, 0)`, app.workspaceId, clientId, email, contact.id, status);
    await user(contact.client_id, ' Signed.In@Portal-Evidence.example ', 'active');
    await user(contact.client_id, 'invited@portal-invited.example', 'invited');
    await user(other, 'wrong-client@portal-wrong.example', 'active');
    probes.push('signed.in@portal-evidence.example', 'portal-evidence.example', 'invited@portal-invited.example', 'portal-invited.example', 'wrong-client@portal-wrong.example', 'portal-wrong.example');
    ({ full, lazy } = await indexes(probes));
    compare(full, lazy, probes);
    expect([...(lazy.emails.get('signed.in@portal-evidence.example') ?? [])]).toEqual([contact.client_id]);

    // A company's data changes (keys recomputed), a client is renamed and another offboarded, a record deleted.
    const hsAcme = WORLD_RECORDS.find((r) => r.key === 'hs-acme')!;
    await app.store.transaction((tx) =>
      upsertRecord(tx, { workspaceId: app.workspaceId, connectionId: world.connections.hubspot!, provider: 'hubspot', objectType: hsAcme.objectType, externalId: hsAcme.externalId, kind: 'company', data: { ...(hsAcme.data as object), name: 'Acme Renamed Holdings', domain: 'acme-renamed.example' }, raw: { renamed: true }, sourceUpdatedAt: Date.now() + 1000, deleted: false }),
    );
    await sqlRun(app, `UPDATE clients SET name = 'Totally New Name' WHERE id = ?`, world.clients.globex);
    await sqlRun(app, `UPDATE clients SET status = 'offboarded' WHERE id = ?`, world.clients.soylent);
    await sqlRun(app, `UPDATE records SET deleted = 1 WHERE id = ?`, world.records['xero-bob']);
    probes.push('acme renamed holdings', 'acme-renamed.example', 'totally new name', 'globex');
    ({ full, lazy } = await indexes(probes));
    compare(full, lazy, probes);
    expect(lazy.names.get('acme renamed holdings')).toBeDefined();
  });

  it('links a sync batch (every record given by id) exactly as the whole-workspace pass does', async () => {
    const ids = Object.values(world.records);
    await app.store.transaction((tx) => resolveLinks(tx, app.workspaceId, rules(), ids));
    const wrong: string[] = [];
    for (const record of WORLD_RECORDS) {
      const expected = record.expected === 'review' ? null : record.expected;
      const owner = await ownerOf(record.key);
      if (owner !== expected) wrong.push(`${record.key}: expected ${expected}, got ${owner}`);
    }
    expect(wrong).toEqual([]);
  });
});
