import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { startServer } from '../server/start-server.js';
import { seedIdentityWorld, type World } from '../identity/testing/identity-world.js';
import { relinkWorkspace } from '../identity/relink-workspace.js';
import { sqlAll, sqlGet } from '../../tests/support/sql.js';

const TOKEN = 'admin-token-0123456789abcdef0123456789abcdef';

describe('admin API for identity decisions', () => {
  let app: TestApp;
  let world: World;
  let server: { url: string; close(): Promise<void> };
  beforeEach(async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', CLIENTHUB_ADMIN_TOKEN: TOKEN });
    world = await seedIdentityWorld(app.store, app.workspaceId);
    await relinkWorkspace(app);
    server = await startServer(app, { port: 0, scheduler: false });
  });
  afterEach(async () => {
    await server.close();
    await app.dispose();
  });
  const call = (method: string, path: string, body?: unknown, token = TOKEN) =>
    fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('refuses callers without the token, and lists the review queue with candidate names', async () => {
    expect((await call('GET', '/admin/api/link-reviews', undefined, 'wrong')).status).toBe(401);
    expect((await fetch(`${server.url}/admin/api/link-reviews`)).status).toBe(401);
    const response = await call('GET', '/admin/api/link-reviews');
    expect(response.status).toBe(200);
    const { reviews } = (await response.json()) as { reviews: { externalId: string; reason: string; candidates: { clientName: string }[] }[] };
    expect(reviews.find((r) => r.externalId === 'cus_conflict')).toMatchObject({ reason: 'conflict', candidates: expect.arrayContaining([expect.objectContaining({ clientName: 'Acme Corporation' }), expect.objectContaining({ clientName: 'Globex Ltd' })]) });
  });

  it('links, explains, releases and merges, auditing each with the caller’s address', async () => {
    const conflict = ((await (await call('GET', '/admin/api/link-reviews')).json()) as { reviews: { id: number; externalId: string }[] }).reviews.find((r) => r.externalId === 'cus_conflict')!;
    expect((await call('POST', `/admin/api/link-reviews/${conflict.id}`, { action: 'link', clientId: world.clients.globex })).status).toBe(200);
    expect((await call('POST', `/admin/api/link-reviews/${conflict.id}`, { action: 'dismiss' })).status).toBe(409);
    const explained = (await (await call('GET', `/admin/api/records/${world.records['st-conflict']}/link`)).json()) as Record<string, unknown>;
    expect(explained).toMatchObject({ clientId: world.clients.globex, method: 'manual', manual: true, decidedBy: 'staff:admin-api' });

    expect((await call('PUT', `/admin/api/records/${world.records['xero-acme']}/link`, { clientId: null, note: 'not Acme' })).status).toBe(200);
    expect(await sqlGet(app, 'SELECT client_id FROM records WHERE id = ?', world.records['xero-inv-1'])).toEqual({ client_id: null });
    expect(await (await call('DELETE', `/admin/api/records/${world.records['xero-acme']}/link`)).json()).toEqual({ clientId: world.clients.acme });
    expect((await call('PUT', `/admin/api/records/${world.records['xero-acme']}/link`, {})).status).toBe(400);
    expect((await call('PUT', `/admin/api/records/999999/link`, { clientId: null })).status).toBe(404);

    const merged = await call('POST', `/admin/api/clients/${world.clients['initech-west']}/merge`, { into: world.clients['initech-east'] });
    expect(await merged.json()).toMatchObject({ movedRecords: expect.any(Number) });
    const audit = await sqlAll<{ action: string; actor_id: string; ip: string }>(app, `SELECT action, actor_id, ip FROM audit_log WHERE actor_type = 'staff' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['record.linked_manually', 'record.unlinked_manually', 'record.link_released', 'client.merged']);
    expect(audit.every((a) => a.actor_id === 'admin-api' && /127\.0\.0\.1/.test(a.ip))).toBe(true);
  });
});
