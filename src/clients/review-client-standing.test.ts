import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { upsertRecord } from '../records/upsert-record.js';
import { sqlGet, sqlRun } from '../../tests/support/sql.js';
import { createSession } from '../auth/create-session.js';
import { readSession } from '../auth/read-session.js';
import { createAuthToken } from '../auth/create-auth-token.js';
import { afterRecordsChanged } from '../sync/after-records-changed.js';

const company = { name: 'Northwind Traders', domain: 'northwind.example', phone: null, website: null, city: null, country: null, ownerExternalId: null };
const deal = (isWon: boolean) => ({ name: 'Website rebuild', amountMinor: 100, currency: 'USD', pipelineId: null, stageId: isWon ? 'closedwon' : 'closedlost', stageLabel: null, isClosed: true, isWon, closeDate: null, ownerExternalId: null, companyExternalIds: ['101'], contactExternalIds: [] });

describe('off-boarding when the CRM says a client is no longer one', () => {
  let app: TestApp;
  let connectionId: number;
  let clientId: number;
  let userId: number;
  let version = Date.now();
  beforeEach(async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '' });
    const now = Date.now();
    connectionId = (await sqlGet<{ id: number }>(app, `INSERT INTO connections (workspace_id, provider, label, auth_type, created_at, updated_at) VALUES (?, 'hubspot', 'crm', 'token', ?, ?) RETURNING id`, app.workspaceId, now, now))!.id;
    const companyId = await write('companies', 'company', '101', company, false);
    const dealId = await write('deals', 'deal', '301', deal(true), false);
    clientId = (await sqlGet<{ id: number }>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind Traders', ?, ?) RETURNING id`, app.workspaceId, now, now))!.id;
    await sqlRun(app, `INSERT INTO client_sources (client_id, record_id, how, created_at) VALUES (?, ?, 'provisioned_from_won_deal', ?)`, clientId, companyId, now);
    await sqlRun(app, `INSERT INTO provisionings (workspace_id, deal_record_id, client_id, created_at) VALUES (?, ?, ?, ?)`, app.workspaceId, dealId, clientId, now);
    userId = (await sqlGet<{ id: number }>(app, `INSERT INTO portal_users (workspace_id, client_id, email, name, role, status, created_at) VALUES (?, ?, 'nancy@northwind.example', 'Nancy', 'client_admin', 'active', ?) RETURNING id`, app.workspaceId, clientId, now))!.id;
  });
  afterEach(() => app.dispose());

  async function write(objectType: string, kind: 'company' | 'deal', externalId: string, data: unknown, deleted: boolean): Promise<number> {
    version += 1000;
    const sourceUpdatedAt = version;
    return (await app.store.transaction((tx) => upsertRecord(tx, { workspaceId: app.workspaceId, connectionId, provider: 'hubspot', objectType, externalId, kind, data, raw: { data, deleted, version: sourceUpdatedAt }, sourceUpdatedAt, deleted }))).recordId;
  }
  const statusOf = (id: number) => sqlGet(app, 'SELECT status FROM clients WHERE id = ?', id);
  const offboardedDetails = () => sqlGet(app, `SELECT details FROM audit_log WHERE action = 'client.offboarded'`);

  it('a lost deal ends every session and link at once; winning it again brings the client back', async () => {
    const session = await createSession(app.store.db, app.keyring.signingKey, { userId });
    const link = await createAuthToken(app.store.db, app.keyring.signingKey, userId, 'sign_in');
    expect(await readSession(app.store.db, app.keyring.signingKey, session.sessionId)).not.toBeNull();

    await afterRecordsChanged(app, [await write('deals', 'deal', '301', deal(false), false)]);
    expect(await statusOf(clientId)).toEqual({ status: 'offboarded' });
    expect(await readSession(app.store.db, app.keyring.signingKey, session.sessionId)).toBeNull();
    expect(await sqlGet(app, 'SELECT CASE WHEN revoked_at IS NOT NULL THEN 1 ELSE 0 END AS revoked FROM auth_tokens WHERE user_id = ?', userId)).toEqual({ revoked: 1 });
    expect(link).toBeTruthy();
    expect(await offboardedDetails()).toMatchObject({ details: expect.stringContaining('no won deal') });

    await afterRecordsChanged(app, [await write('deals', 'deal', '301', deal(true), false)]);
    expect(await statusOf(clientId)).toEqual({ status: 'active' });
    // Sessions that ended stay ended: people sign in afresh.
    expect(await readSession(app.store.db, app.keyring.signingKey, session.sessionId)).toBeNull();
  });

  it('a removed company offboards its client even while the deal stays won', async () => {
    await afterRecordsChanged(app, [await write('companies', 'company', '101', company, true)]);
    expect(await statusOf(clientId)).toEqual({ status: 'offboarded' });
    expect(await offboardedDetails()).toMatchObject({ details: expect.stringContaining('company was removed') });
  });
});
