/**
 * "Unlinked records" over HTTP, through the whole app: the console page (filters, paging, a link
 * form per row with CSRF and the manage_links permission, audited) and its /admin/api twin.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/create-http-app.js';
import { createPortalTestApp, type PortalTestApp } from '../../tests/support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { sqlAll, sqlGet } from '../../tests/support/sql.js';
import { projectData, seedConnection, seedRecord, taskData } from '../../tests/support/seed-portal-records.js';
import { seedStaffWorld, type StaffWorld } from './testing/seed-staff-world.js';
import type { StaffRole } from '../../src/staff/staff-permissions.js';
import { linkRecordManually } from '../../src/identity/link-record-manually.js';

const ADMIN_TOKEN = 'admin-token-0123456789-abcdefghijklmnop';

describe('unlinked records', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let world: StaffWorld;
  let workshop: number;
  let agenda: number;
  const clientOf = async (recordId: number) => (await sqlGet<{ client_id: number | null }>(test.app, 'SELECT client_id FROM records WHERE id = ?', recordId))!.client_id;
  const as = (role: StaffRole) => {
    const client = new PortalHttpClient(served.baseUrl);
    client.cookies.set('clienthub_staff', world.staff[role].sessionId);
    return { client, csrf: world.staff[role].csrfToken };
  };
  const api = (method: string, path: string, body?: unknown, token = ADMIN_TOKEN) =>
    fetch(`${served.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeEach(async () => {
    test = await createPortalTestApp({ CLIENTHUB_ADMIN_TOKEN: ADMIN_TOKEN });
    const now = Date.now();
    world = await seedStaffWorld(test.app, now);
    const asana = await seedConnection(test.app, 'asana', 'unlinked', now);
    workshop = (await seedRecord(test.app, { connectionId: asana, provider: 'asana', kind: 'project', data: projectData({ name: 'Brand workshop' }), clientId: null, externalId: 'P-900' }, now)).recordId;
    agenda = (await seedRecord(test.app, { connectionId: asana, provider: 'asana', kind: 'task', data: taskData({ name: 'Workshop agenda', projectExternalId: 'P-900' }), clientId: null }, now)).recordId;
    const xero = await seedConnection(test.app, 'xero', 'unlinked', now);
    const company = { name: '', domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null };
    for (let i = 1; i <= 55; i++) await seedRecord(test.app, { connectionId: xero, provider: 'xero', kind: 'company', data: { ...company, name: `Contact ${String(i).padStart(2, '0')}`, emails: [`ap${i}@contact${i}.example`] }, clientId: null, externalId: `xc-${i}` }, now);
    served = await serveHttp(createHttpApp(test.app));
  });
  afterEach(async () => {
    await served.close();
    await test.dispose();
  });

  it('lists what no client has, per provider and kind, with filters and pages; viewers read but cannot link', async () => {
    const { client: viewer, csrf } = as('viewer');
    const all = await viewer.get('/staff/unlinked');
    expect(all.status).toBe(200);
    expect(all.text).toMatch(/asana · project<\/a>: 1/);
    expect(all.text).toMatch(/xero · company<\/a>: 55/);
    expect(all.text).toMatch(/hubspot · deal<\/a>: 1/);
    // The team's own people (CRM owners) are never a client's: not a gap.
    expect(all.text).not.toContain('team_member</a>');
    expect(all.text).not.toContain('action="/staff/unlinked/');
    expect((await viewer.postForm(`/staff/unlinked/${workshop}/link`, { _csrf: csrf, clientId: String(world.globex.clientId) })).status).toBe(403);

    const second = await viewer.get('/staff/unlinked?provider=xero&kind=company&page=2');
    expect(second.text).toContain('55 unlinked records, page 2 of 2');
    expect(second.text.match(/<tr>/g)?.length).toBe(1 + 5);
    expect(second.text).toContain('Contact 55');
    expect(second.text).toContain('ap55@contact55.example');
    expect(second.text).toContain('Previous page');
    const searched = await viewer.get('/staff/unlinked?q=brand%20work');
    expect(searched.text).toContain('1 unlinked record, page 1 of 1');
    // An unknown filter value is dropped, never echoed.
    expect((await viewer.get('/staff/unlinked?kind=%3Cscript%3E')).text).not.toContain('<script>');
    // The review queue's deal is flagged as such.
    expect((await viewer.get('/staff/unlinked?provider=hubspot')).text).toContain('Waiting for review');
  });

  it('links a record to a client (CSRF, permission, audited); what hangs off it follows; a record linked meanwhile is refused', async () => {
    const { client: operator, csrf } = as('operator');
    const page = await operator.get('/staff/unlinked?provider=asana&kind=project');
    expect(page.text).toContain(`action="/staff/unlinked/${workshop}/link"`);
    expect((await operator.postForm(`/staff/unlinked/${workshop}/link`, { clientId: String(world.globex.clientId) })).status).toBe(403);
    expect(await clientOf(workshop)).toBeNull();

    const linked = await operator.postForm(`/staff/unlinked/${workshop}/link`, { _csrf: csrf, clientId: String(world.globex.clientId), provider: 'asana', kind: 'project', q: '', page: '1' });
    expect(linked.status).toBe(303);
    expect(linked.location).toBe('/staff/unlinked?provider=asana&kind=project&done=linked');
    expect([await clientOf(workshop), await clientOf(agenda)]).toEqual([world.globex.clientId, world.globex.clientId]);
    const audit = await sqlAll(test.app, `SELECT actor_type, actor_id, subject_id, client_id FROM audit_log WHERE action = 'record.linked_manually'`);
    expect(audit).toEqual([{ actor_type: 'staff', actor_id: String(world.staff.operator.id), subject_id: String(workshop), client_id: world.globex.clientId }]);
    const after = await operator.get(linked.location!);
    expect(after.text).toContain('Record linked.');
    expect(after.text).toContain('No unlinked records match.');

    expect((await operator.postForm(`/staff/unlinked/${workshop}/link`, { _csrf: csrf, clientId: String(world.northwind.clientId) })).status).toBe(409);
    expect(await clientOf(workshop)).toBe(world.globex.clientId);
    expect((await operator.postForm(`/staff/unlinked/${agenda}/link`, { _csrf: csrf, clientId: 'nobody' })).status).toBe(400);
  });

  it('has an /admin/api twin: list with provider/kind filters and paging, and link', async () => {
    expect((await api('GET', '/admin/api/unlinked-records', undefined, 'wrong')).status).toBe(401);
    const listed = (await (await api('GET', '/admin/api/unlinked-records?provider=xero&kind=company&pageSize=20&page=3')).json()) as { total: number; page: number; records: { recordName: string; hints: string[] }[]; counts: unknown[] };
    expect(listed).toMatchObject({ total: 55, page: 3 });
    expect(listed.records.map((r) => r.recordName)).toEqual(Array.from({ length: 15 }, (_, i) => `Contact ${String(41 + i)}`));
    expect(listed.counts).toEqual(expect.arrayContaining([{ provider: 'asana', kind: 'project', count: 1 }, { provider: 'asana', kind: 'task', count: 1 }]));
    expect((await api('GET', '/admin/api/unlinked-records?kind=bogus')).status).toBe(400);
    expect((await api('GET', '/admin/api/unlinked-records?page=0')).status).toBe(400);

    expect((await api('POST', `/admin/api/unlinked-records/${workshop}/link`, {})).status).toBe(400);
    expect((await api('POST', `/admin/api/unlinked-records/${workshop}/link`, { clientId: 999999 })).status).toBe(404);
    const done = await api('POST', `/admin/api/unlinked-records/${workshop}/link`, { clientId: world.northwind.clientId, note: 'Workshop for Northwind' });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ recordId: workshop, clientId: world.northwind.clientId });
    expect(await clientOf(agenda)).toBe(world.northwind.clientId);
    expect((await api('POST', `/admin/api/unlinked-records/${workshop}/link`, { clientId: world.globex.clientId })).status).toBe(409);
    const remaining = (await (await api('GET', '/admin/api/unlinked-records?provider=asana')).json()) as { total: number };
    expect(remaining.total).toBe(0);

    // A record staff said belongs to nobody is a decision, not a gap.
    await linkRecordManually(test.app.store, { workspaceId: test.app.workspaceId, recordId: world.pendingDeal.recordId, clientId: null, actor: { type: 'cli', id: 'test' }, rules: test.app.config.identity });
    expect(((await (await api('GET', '/admin/api/unlinked-records?provider=hubspot')).json()) as { total: number }).total).toBe(0);
  });
});
