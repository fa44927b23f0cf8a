import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { createKeyring } from '../../crypto/secret-box.js';
import type { AppConfig } from '../../config/load-config.js';
import type { OAuthSupport } from '../../connector-kit/connector.js';
import { markConnectionFailed, readCredentials, saveConnection } from '../../connections/connection-repository.js';
import { createCredentialSource } from '../../connections/create-credential-source.js';
import { findConnection } from './find-connection.js';
import { findConnectionByLabel } from './find-connection-by-label.js';
import { findConnectionCredentials } from './find-connection-credentials.js';
import { listConnections } from './list-connections.js';
import { upsertConnection } from './upsert-connection.js';
import { updateConnectionCredentials } from './update-connection-credentials.js';
import { updateConnectionStatus } from './update-connection-status.js';
import { updateConnectionSucceeded } from './update-connection-succeeded.js';
import { updateConnectionFailed } from './update-connection-failed.js';
import { updateConnectionAccount } from './update-connection-account.js';
import { updateConnectionDisconnected } from './update-connection-disconnected.js';
import { takeRefreshLease } from './take-refresh-lease.js';
import { releaseRefreshLease } from './release-refresh-lease.js';
import { insertOAuthState } from '../oauth/insert-oauth-state.js';
import { claimOAuthState } from '../oauth/claim-oauth-state.js';
import { insertRecords } from '../records/insert-records.js';
import { insertRecordChange } from '../records/insert-record-change.js';
import { deleteConnectionRecords } from '../records/delete-connection-records.js';
import { ensureSyncCursor } from '../sync/ensure-sync-cursor.js';
import { saveSyncCursor } from '../sync/save-sync-cursor.js';
import { findSyncCursor } from '../sync/find-sync-cursor.js';
import { clearSyncCursors } from '../sync/clear-sync-cursors.js';
import { insertSyncRun } from '../sync/insert-sync-run.js';
import { findMaxSyncRunId } from '../sync/find-max-sync-run-id.js';
import { listSyncRunsAfter } from '../sync/list-sync-runs-after.js';

const keyring = createKeyring('connections-test-master-key-0123456789abcdef');
const config = {} as AppConfig;

describe.each(STORE_ENGINES)('connection repositories on %s', (engine) => {
  let t: TestStore;
  let ws: number;
  beforeAll(async () => {
    t = await openTestStore(engine);
    ws = (await t.store.db.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('creates, finds, lists and updates connections; credentials are only ever stored sealed', async () => {
    const q = t.store.db;
    const hubspot = await saveConnection(q, keyring, { workspaceId: ws, provider: 'hubspot', label: 'env', authType: 'token', credentials: { accessToken: 'pat-1' }, settings: { portal: 7 } }, 100);
    const xero = await upsertConnection(q, { workspaceId: ws, provider: 'xero', label: 'oauth', authType: 'oauth', credentialsSealed: keyring.seal('{"accessToken":"x"}'), settings: {} }, 110);
    expect(hubspot).toEqual({ id: hubspot.id, workspaceId: ws, provider: 'hubspot', label: 'env', authType: 'token', settings: { portal: 7 }, status: 'active', lastError: null, consecutiveFailures: 0, lastSuccessAt: null });
    expect(await findConnection(q, hubspot.id)).toEqual(hubspot);
    expect(await findConnection(q, hubspot.id + 1000)).toBeUndefined();
    expect(await findConnectionByLabel(q, { workspaceId: ws, provider: 'xero', label: 'oauth' })).toEqual(xero);
    expect(await findConnectionByLabel(q, { workspaceId: ws, provider: 'xero', label: 'env' })).toBeUndefined();
    expect(await readCredentials(q, keyring, hubspot.id)).toEqual({ accessToken: 'pat-1' });
    expect(await findConnectionCredentials(q, hubspot.id)).not.toContain('pat-1');

    await updateConnectionFailed(q, hubspot.id, 'HTTP 502', false, 120);
    await markConnectionFailed(q, hubspot.id, 'HTTP 401: <html><title>Expired</title></html>', true, 130);
    expect(await findConnection(q, hubspot.id)).toMatchObject({ status: 'unhealthy', consecutiveFailures: 2, lastError: expect.stringContaining('Expired') });
    expect(await listConnections(q, { status: 'unhealthy' })).toEqual([expect.objectContaining({ id: hubspot.id })]);
    expect((await listConnections(q)).map((c) => c.provider)).toEqual(['hubspot', 'xero']);
    expect((await listConnections(q, { provider: 'xero', status: 'active' })).map((c) => c.id)).toEqual([xero.id]);

    await updateConnectionSucceeded(q, hubspot.id, 140);
    expect(await findConnection(q, hubspot.id)).toMatchObject({ status: 'active', consecutiveFailures: 0, lastError: null, lastSuccessAt: 140 });
    // Success never revives a disconnected connection; a status change can be made conditional.
    await updateConnectionDisconnected(q, xero.id, 150);
    expect(await findConnectionCredentials(q, xero.id)).toBeNull();
    expect(await readCredentials(q, keyring, xero.id)).toEqual({});
    await updateConnectionSucceeded(q, xero.id, 160);
    expect((await findConnection(q, xero.id))!.status).toBe('disconnected');
    expect(await updateConnectionStatus(q, xero.id, 'active', 170, { onlyFrom: 'unhealthy' })).toBe(false);
    await updateConnectionFailed(q, xero.id, 'still gone', true, 175);
    expect((await findConnection(q, xero.id))!.status).toBe('disconnected');

    // Saving again replaces credentials and settings, and reactivates a disconnected connection.
    const again = await saveConnection(q, keyring, { workspaceId: ws, provider: 'xero', label: 'oauth', authType: 'oauth', credentials: { accessToken: 'x2', refreshToken: 'r2' }, settings: { tenants: [] } }, 180);
    expect(again).toMatchObject({ id: xero.id, status: 'active', settings: { tenants: [] } });
    expect(await readCredentials(q, keyring, xero.id)).toEqual({ accessToken: 'x2', refreshToken: 'r2' });
    await updateConnectionStatus(q, xero.id, 'unhealthy', 185);
    await saveConnection(q, keyring, { workspaceId: ws, provider: 'xero', label: 'oauth', authType: 'oauth', credentials: { accessToken: 'x3' }, settings: {} }, 186);
    expect((await findConnection(q, xero.id))!.status).toBe('unhealthy');
    await updateConnectionAccount(q, xero.id, { tenantId: 't-1', accountId: 't-1' }, 190);
    expect(await findConnection(q, xero.id)).toMatchObject({ status: 'active', settings: { tenantId: 't-1', accountId: 't-1' }, lastError: null, consecutiveFailures: 0 });
    await updateConnectionCredentials(q, xero.id, keyring.seal('{"accessToken":"x4"}'), 200);
    expect(await readCredentials(q, keyring, xero.id)).toEqual({ accessToken: 'x4' });
  });

  it('gives the refresh lease to one taker at a time, and releases only the lease it took', async () => {
    const q = t.store.db;
    const { id } = await saveConnection(q, keyring, { workspaceId: ws, provider: 'quickbooks', label: 'lease', authType: 'oauth', credentials: {}, settings: {} });
    const taken = await Promise.all(Array.from({ length: 6 }, () => takeRefreshLease(q, id, 31_000, 1_000)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    await releaseRefreshLease(q, id, 99_999);
    expect(await takeRefreshLease(q, id, 32_000, 2_000)).toBe(false);
    // Expired: another process takes it; the first one's release leaves the new lease alone.
    expect(await takeRefreshLease(q, id, 62_000, 32_000)).toBe(true);
    await releaseRefreshLease(q, id, 31_000);
    expect(await takeRefreshLease(q, id, 63_000, 33_000)).toBe(false);
    await releaseRefreshLease(q, id, 62_000);
    expect(await takeRefreshLease(q, id, 64_000, 34_000)).toBe(true);
  });

  it('refreshes a rotating token once when two processes ask at the same moment', async () => {
    const q = t.store.db;
    const { id } = await saveConnection(q, keyring, { workspaceId: ws, provider: 'xero', label: 'rotating', authType: 'oauth', credentials: { accessToken: 'old', refreshToken: 'r1', expiresAt: Date.now() - 1 }, settings: {} });
    const used: (string | undefined)[] = [];
    const oauth: OAuthSupport = {
      authorizeUrl: () => '',
      exchangeCode: async () => ({}),
      refresh: async ({ refreshToken }) => {
        used.push(refreshToken);
        await new Promise((r) => setTimeout(r, 50));
        return { accessToken: `new-from-${refreshToken}`, refreshToken: 'r2', expiresAt: Date.now() + 1_800_000 };
      },
    };
    // A second copy of the module: its own in-process single flight, as another process would have.
    vi.resetModules();
    const other = await import('../../connections/create-credential-source.js');
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20)));
    const tokens = await Promise.all([
      createCredentialSource(q, keyring, config, id, oauth, sleep).getAccessToken(),
      other.createCredentialSource(q, keyring, config, id, oauth, sleep).getAccessToken(),
    ]);
    expect(tokens).toEqual(['new-from-r1', 'new-from-r1']);
    expect(used).toEqual(['r1']);
    expect(await readCredentials(q, keyring, id)).toMatchObject({ accessToken: 'new-from-r1', refreshToken: 'r2' });
    expect(await takeRefreshLease(q, id, Date.now() + 1_000)).toBe(true);
  });

  it('claims an OAuth state once, and never an expired one', async () => {
    const q = t.store.db;
    await insertOAuthState(q, { stateHash: 'h-1', provider: 'hubspot', workspaceId: ws, redirectUri: 'https://hub/cb', createdAt: 0, expiresAt: 600, staffUserId: null });
    await insertOAuthState(q, { stateHash: 'h-2', provider: 'hubspot', workspaceId: ws, redirectUri: 'https://hub/cb', createdAt: 0, expiresAt: 600, staffUserId: null });
    expect(await claimOAuthState(q, 'h-1', 'xero', 100)).toBeUndefined();
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimOAuthState(q, 'h-1', 'hubspot', 100)));
    expect(claims.filter((c) => c !== undefined)).toEqual([{ workspaceId: ws, redirectUri: 'https://hub/cb' }]);
    expect(await claimOAuthState(q, 'h-2', 'hubspot', 600)).toBeUndefined();
  });

  it("purges one connection's records and what points at them, and nothing of another", async () => {
    const q = t.store.db;
    const gone = await saveConnection(q, keyring, { workspaceId: ws, provider: 'stripe', label: 'purge', authType: 'token', credentials: {}, settings: {} });
    const kept = await saveConnection(q, keyring, { workspaceId: ws, provider: 'stripe', label: 'keep', authType: 'token', credentials: {}, settings: {} });
    const client = (await q.insertInto('clients').values({ workspace_id: ws, name: 'Acme', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    const record = async (connectionId: number, externalId: string) =>
      (await insertRecords(q, [{ workspaceId: ws, connectionId, provider: 'stripe', objectType: 'customers', externalId, kind: 'company', data: '{}', raw: '{}', contentHash: externalId, sourceUpdatedAt: null, syncedAt: 1, deleted: false }])).get(`customers\u0000${externalId}`)!;
    const a = await record(gone.id, 'a');
    const b = await record(gone.id, 'b');
    const c = await record(kept.id, 'c');
    for (const id of [a, b, c]) await insertRecordChange(q, id, 'created', 1, 1);
    await q.insertInto('client_sources').values([{ client_id: client, record_id: a, how: 'manual', created_at: 1 }, { client_id: client, record_id: c, how: 'manual', created_at: 1 }]).execute();
    await ensureSyncCursor(q, gone.id, 'customers', 1);
    await ensureSyncCursor(q, kept.id, 'customers', 1);
    await saveSyncCursor(q, kept.id, 'customers', '{"page":2}', 2);
    expect(await t.store.transaction((tx) => deleteConnectionRecords(tx, gone.id))).toBe(2);
    expect(await q.selectFrom('records').select('id').where('workspace_id', '=', ws).where('provider', '=', 'stripe').execute()).toEqual([{ id: c }]);
    expect(await q.selectFrom('record_changes').select('record_id').where('record_id', 'in', [a, b, c]).execute()).toEqual([{ record_id: c }]);
    expect(await q.selectFrom('client_sources').select('record_id').execute()).toEqual([{ record_id: c }]);
    expect(await findSyncCursor(q, gone.id, 'customers')).toBeUndefined();
    expect(await findSyncCursor(q, kept.id, 'customers')).toBe('{"page":2}');
    await clearSyncCursors(q);
    expect(await findSyncCursor(q, kept.id, 'customers')).toBeNull();
  });

  it('reports the runs started after a point, with their provider', async () => {
    const q = t.store.db;
    const { id } = await saveConnection(q, keyring, { workspaceId: ws, provider: 'asana', label: 'runs', authType: 'token', credentials: {}, settings: {} });
    const before = await findMaxSyncRunId(q);
    const run = await insertSyncRun(q, { connectionId: id, objectType: 'tasks', mode: 'backfill', workerId: 'w', startedAt: 5, cursorStart: null, resumedFromRunId: null });
    expect(await findMaxSyncRunId(q)).toBe(run);
    expect(await listSyncRunsAfter(q, before)).toEqual([
      { id: run, connectionId: id, provider: 'asana', objectType: 'tasks', mode: 'backfill', status: 'running', startedAt: 5, finishedAt: null, pages: 0, added: 0, updated: 0, unchanged: 0, deleted: 0, deadLettered: 0, estimatedTotal: null, cursorEnd: null, error: null },
    ]);
    expect(await listSyncRunsAfter(q, run)).toEqual([]);
  });
});
