/** The console's Portal actions page: undelivered actions per client, retry (operators and owners, with CSRF), and each connection's write features. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { createPortalTestApp, type PortalTestApp } from '../../tests/support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { sqlAll, sqlRun, sqlValue } from '../../tests/support/sql.js';
import { seedStaffWorld, type StaffWorld } from './testing/seed-staff-world.js';
import type { StaffRole } from '../../src/staff/staff-permissions.js';
import { insertPortalAction } from '../../src/store/portal-actions/insert-portal-action.js';
import { updateActionFailed } from '../../src/store/portal-actions/update-action-failed.js';
import { findPortalAction } from '../../src/store/portal-actions/find-portal-action.js';
import { getDeadLetter } from '../../src/sync/dead-letters.js';
import { recordDeadLetter } from '../../src/sync/dead-letters.js';

const ADMIN_TOKEN = 'admin-token-0123456789-abcdefghijklmnop';

describe('staff console: portal actions', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let world: StaffWorld;
  let failedId: number;
  let pendingId: number;
  let letterId: number;
  const as = (role: StaffRole) => {
    const client = new PortalHttpClient(served.baseUrl);
    client.cookies.set('clienthub_staff', world.staff[role].sessionId);
    return { client, csrf: world.staff[role].csrfToken };
  };

  beforeEach(async () => {
    test = await createPortalTestApp({ CLIENTHUB_ADMIN_TOKEN: ADMIN_TOKEN });
    world = await seedStaffWorld(test.app, Date.now());
    served = await serveHttp(createHttpApp(test.app));
    const base = { workspaceId: test.app.workspaceId, clientId: world.northwind.clientId, portalUserId: null, connectionId: world.northwind.connectionId, operation: 'createRequest' as const };
    await test.app.store.transaction(async (tx) => {
      failedId = (await insertPortalAction(tx, { ...base, idempotencyKey: 'k-failed', payload: { subject: 'Invoice address <wrong>', authorName: 'Nancy Davolio' } })).action.id;
      pendingId = (await insertPortalAction(tx, { ...base, idempotencyKey: 'k-pending', payload: { subject: 'Kick-off date', authorName: 'Nancy Davolio' } })).action.id;
      letterId = await recordDeadLetter(tx, { workspaceId: test.app.workspaceId, connectionId: world.northwind.connectionId, provider: 'hubspot', objectType: 'portal_action', externalId: String(failedId), stage: 'processing', reason: 'createRequest not delivered: HubSpot 400: Property values were not valid', payload: { actionId: failedId }, sourceUpdatedAt: null });
      await updateActionFailed(tx, failedId, 'HubSpot 400: Property values were not valid', letterId);
    });
  });
  afterEach(async () => {
    await served.close();
    await test.dispose();
  });

  it('lists undelivered actions per client with the provider’s words, escaped, and retry only for roles that may', async () => {
    const viewer = await as('viewer').client.get('/staff/actions');
    expect(viewer.status).toBe(200);
    expect(viewer.text).toContain('Northwind Traders');
    expect(viewer.text).toContain('Invoice address &lt;wrong&gt;');
    expect(viewer.text).toContain('HubSpot 400: Property values were not valid');
    expect(viewer.text).toContain('Kick-off date');
    expect(viewer.text).not.toContain(`/staff/actions/${failedId}/retry`);
    const operator = await as('operator').client.get('/staff/actions');
    expect(operator.text).toContain(`action="/staff/actions/${failedId}/retry"`);
    expect(operator.text).not.toContain(`/staff/actions/${pendingId}/retry`);
    // The HubSpot connection's grant is a pasted token: its scopes are unknown, so requests are on.
    expect(operator.text).toMatch(/New request: <strong>on<\/strong>/);
  });

  it('retries a failed action: pending again, its dead letter closed, audited, its job queued; without CSRF nothing changes', async () => {
    const viewer = as('viewer');
    expect((await viewer.client.postForm(`/staff/actions/${failedId}/retry`, { _csrf: viewer.csrf })).status).toBe(403);
    const operator = as('operator');
    expect((await operator.client.postForm(`/staff/actions/${failedId}/retry`, {})).status).toBe(403);
    expect((await findPortalAction(test.app.store.db, failedId))!.status).toBe('failed');
    const retried = await operator.client.postForm(`/staff/actions/${failedId}/retry`, { _csrf: operator.csrf });
    expect(retried.status).toBe(303);
    expect(retried.location).toBe('/staff/actions?done=action_retried');
    expect((await findPortalAction(test.app.store.db, failedId))).toMatchObject({ status: 'pending', attempts: 0, deadLetterId: null });
    expect(await getDeadLetter(test.app.store.db, letterId)).toMatchObject({ status: 'replayed', note: 'retried' });
    expect(await sqlAll(test.app, `SELECT actor_type, subject_id FROM audit_log WHERE action = 'portal_action.retried'`)).toEqual([{ actor_type: 'staff', subject_id: String(failedId) }]);
    expect(await sqlAll(test.app, `SELECT payload FROM jobs WHERE name = 'outbox.perform'`)).toEqual([{ payload: JSON.stringify({ actionId: failedId }) }]);
    expect((await operator.client.postForm(`/staff/actions/${pendingId}/retry`, { _csrf: operator.csrf })).status).toBe(404);
  });

  it('shows a write off, with the scope to add, when the grant lacks it', async () => {
    const settings = JSON.parse((await sqlValue<string>(test.app, 'SELECT settings FROM connections WHERE id = ?', world.northwind.connectionId))!) as Record<string, unknown>;
    await sqlRun(test.app, 'UPDATE connections SET settings = ? WHERE id = ?', JSON.stringify({ ...settings, grantedScopes: ['crm.objects.companies.read'] }), world.northwind.connectionId);
    const page = await as('viewer').client.get('/staff/actions');
    expect(page.text).toMatch(/New request: <strong>off<\/strong> — add the scope <code>tickets<\/code> to the app and reconnect/);
  });

  it('has a JSON twin under /admin/api', async () => {
    const api = (path: string, method = 'GET') => fetch(`${served.baseUrl}/admin/api/${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    const listed = (await (await api('portal-actions')).json()) as { clients: { clientName: string; actions: { id: number; status: string }[] }[]; features: { writes: { operation: string; on: boolean }[] }[] };
    expect(listed.clients.map((c) => [c.clientName, c.actions.map((a) => a.status)])).toEqual([['Northwind Traders', ['pending', 'failed']]]);
    expect(listed.features[0]!.writes).toEqual([expect.objectContaining({ operation: 'createRequest', on: true }), expect.objectContaining({ operation: 'addRequestMessage', on: true }), expect.objectContaining({ operation: 'uploadDocument', on: true })]);
    const retried = await api(`portal-actions/${failedId}/retry`, 'POST');
    expect(retried.status).toBe(200);
    expect((await findPortalAction(test.app.store.db, failedId))!.status).toBe('pending');
    expect((await api('portal-actions/abc/retry', 'POST')).status).toBe(400);
  });
});
