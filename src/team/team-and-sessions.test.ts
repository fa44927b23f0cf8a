/** Team management and "your sessions" over real HTTP: invitations, roles, removal, ending sessions. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createPortalRouter } from '../../portal-ui/create-portal-router.js';
import { createPortalTestApp, type PortalTestApp } from '../../tests/support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { registryOf, signedInClient } from '../../tests/support/seed-portal-records.js';
import { MINUTE, seedPortalWorld, type PortalWorld } from '../../portal-ui/testing/seed-portal-world.js';
import { TOKEN_LIFETIME_MS } from '../auth/create-auth-token.js';
import { ATTEMPT_RULES } from '../auth/attempt-limits.js';
import { sqlAll, sqlGet, sqlRun } from '../../tests/support/sql.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('team and sessions', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let clock = T0;
  let world: PortalWorld;

  beforeAll(async () => {
    test = await createPortalTestApp({}, { connectors: registryOf([]) });
    const http = express();
    http.use(createPortalRouter(test.app, { now: () => clock }));
    served = await serveHttp(http);
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });
  beforeEach(async () => {
    clock = T0;
    for (const table of ['audit_log', 'sessions', 'auth_tokens', 'portal_users', 'record_changes', 'records', 'clients', 'outbox_messages', 'connections', 'rate_windows']) await sqlRun(test.app, `DELETE FROM ${table}`);
    world = await seedPortalWorld(test.app, T0);
  });

  const as = (userId: number, agent?: string) => signedInClient(test.app, served.baseUrl, userId, clock, agent);
  const audit = (action: string) => sqlAll(test.app, 'SELECT * FROM audit_log WHERE action = ? ORDER BY id', action);
  const userByEmail = (email: string) => sqlGet<{ id: number; role: string; status: string; client_id: number; name: string }>(test.app, 'SELECT * FROM portal_users WHERE email = ?', email);
  const outbox = () => sqlAll<{ to: string; subject: string; text: string }>(test.app, `SELECT to_address AS "to", subject, text_body AS text FROM outbox_messages ORDER BY id`);
  const linkIn = (text: string) => /\/auth\/link\/([A-Za-z0-9_-]{43})/.exec(text)![1]!;
  const liveSessions = async (userId: number) => (await sqlGet<{ n: number }>(test.app, 'SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND ended_at IS NULL', userId))!.n;

  describe('the team page', () => {
    it('lists the client’s people with their roles for everyone, and management forms only for admins', async () => {
      const admin = (await (await as(world.adminId)).client.get('/team')).text;
      expect(admin).toContain('Mike Member');
      expect(admin).toContain('Bella Billing');
      expect(admin).toMatch(/Nancy Davolio<\/strong> \(you\)/);
      expect(admin).not.toContain('Hank');
      expect(admin).toContain('<form method="post" action="/team/invite" novalidate>');
      expect(admin).toContain(`action="/team/${world.memberId}/role"`);
      expect(admin).toContain(`action="/team/${world.memberId}/remove"`);
      // No forms against oneself.
      expect(admin).not.toContain(`action="/team/${world.adminId}/`);
      const member = (await (await as(world.memberId)).client.get('/team')).text;
      expect(member).toContain('Nancy Davolio');
      expect(member).toContain('Administrator');
      expect(member).not.toContain('<form method="post" action="/team');
      expect(member).toContain('Ask an administrator to invite someone');
    });
  });

  describe('inviting a colleague', () => {
    it('creates an invited user, mails a single-use link valid 7 days, audits it, and the link signs them in with their role', async () => {
      const { client, csrf } = await as(world.adminId);
      const res = await client.postForm('/team/invite', { _csrf: csrf, email: ' Olga@Northwind.example ', name: 'Olga Orders', role: 'billing' });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/team?done=invited');
      const olga = (await userByEmail('olga@northwind.example'))!;
      expect(olga).toMatchObject({ role: 'billing', status: 'invited', client_id: world.northwind.clientId, name: 'Olga Orders' });
      const mails = await outbox();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toBe('olga@northwind.example');
      expect(mails[0]!.text).toContain('expires in 7 days');
      expect(await sqlGet(test.app, 'SELECT expires_at - created_at AS life FROM auth_tokens WHERE user_id = ?', olga.id)).toEqual({ life: TOKEN_LIFETIME_MS.invitation });
      expect(await audit('portal_user.invited')).toEqual([
        expect.objectContaining({ actor_type: 'portal_user', actor_id: String(world.adminId), subject_id: String(olga.id), client_id: world.northwind.clientId, details: JSON.stringify({ email: 'olga@northwind.example', role: 'billing', reinvited: false }) }),
      ]);
      const page = (await client.get('/team?done=invited')).text;
      expect(page).toContain('<p class="notice" role="status">Invitation sent.');
      expect(page).toContain('Olga Orders');
      expect(page).toContain('link valid until <time datetime="2026-11-27">27 Nov 2026</time>');

      const token = linkIn(mails[0]!.text);
      const olgaBrowser = new PortalHttpClient(served.baseUrl);
      expect((await olgaBrowser.postForm('/auth/link', { token })).status).toBe(303);
      expect((await olgaBrowser.get('/invoices')).status).toBe(200);
      expect((await olgaBrowser.get('/projects')).status).toBe(404);
      // Single use.
      expect((await new PortalHttpClient(served.baseUrl).postForm('/auth/link', { token })).status).toBe(410);
    });

    it('re-sending invalidates the earlier link; an expired link does not work; withdrawing ends the invitation', async () => {
      const { client, csrf } = await as(world.adminId);
      await client.postForm('/team/invite', { _csrf: csrf, email: 'pat@northwind.example', name: 'Pat', role: 'member' });
      const pat = (await userByEmail('pat@northwind.example'))!;
      const first = linkIn((await outbox())[0]!.text);
      clock += MINUTE;
      const resent = await client.postForm(`/team/${pat.id}/resend`, { _csrf: csrf });
      expect(resent.status).toBe(303);
      expect(resent.location).toBe('/team?done=resent');
      const second = linkIn((await outbox())[1]!.text);
      expect(second).not.toBe(first);
      expect((await new PortalHttpClient(served.baseUrl).postForm('/auth/link', { token: first })).status).toBe(410);
      expect(await audit('portal_user.invitation_resent')).toHaveLength(1);

      // Seven days later the second link is dead too.
      clock += TOKEN_LIFETIME_MS.invitation;
      expect((await new PortalHttpClient(served.baseUrl).postForm('/auth/link', { token: second })).status).toBe(410);

      clock = T0 + 2 * MINUTE;
      const admin = await as(world.adminId);
      await admin.client.postForm(`/team/${pat.id}/resend`, { _csrf: admin.csrf });
      const third = linkIn((await outbox())[2]!.text);
      const revoked = await admin.client.postForm(`/team/${pat.id}/revoke`, { _csrf: admin.csrf });
      expect(revoked.status).toBe(303);
      expect((await new PortalHttpClient(served.baseUrl).postForm('/auth/link', { token: third })).status).toBe(410);
      expect((await userByEmail('pat@northwind.example'))!.status).toBe('disabled');
      expect((await admin.client.get('/team')).text).not.toContain('Pat');
      expect(await audit('portal_user.invitation_revoked')).toHaveLength(1);
      // Only invitations can be re-sent or withdrawn.
      expect((await admin.client.postForm(`/team/${world.memberId}/resend`, { _csrf: admin.csrf })).status).toBe(404);
      expect((await admin.client.postForm(`/team/${world.memberId}/revoke`, { _csrf: admin.csrf })).status).toBe(404);
      // Someone withdrawn can be invited again.
      expect((await admin.client.postForm('/team/invite', { _csrf: admin.csrf, email: 'pat@northwind.example', name: 'Pat Again', role: 'billing' })).status).toBe(303);
      expect(await userByEmail('pat@northwind.example')).toMatchObject({ status: 'invited', role: 'billing', name: 'Pat Again', id: pat.id });
    });

    it('shows what is wrong with the form, keeping what was typed', async () => {
      const { client, csrf } = await as(world.adminId);
      const res = await client.postForm('/team/invite', { _csrf: csrf, email: 'not-an-email', name: '', role: 'owner' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('value="not-an-email" aria-invalid="true" aria-describedby="invite-email-error"');
      expect(res.text).toContain('Enter the person’s name');
      expect(res.text).toContain('Choose a role.');
      expect(await outbox()).toEqual([]);
    });

    it('refuses someone already here, and answers for another client’s person exactly as for a sent invitation', async () => {
      const { client, csrf } = await as(world.adminId);
      const here = await client.postForm('/team/invite', { _csrf: csrf, email: 'MIKE@northwind.example', name: 'Mike', role: 'member' });
      expect(here.status).toBe(409);
      expect(here.text).toContain('already has access');
      const other = await client.postForm('/team/invite', { _csrf: csrf, email: 'hank@globex.example', name: 'Hank', role: 'member' });
      const fresh = await client.postForm('/team/invite', { _csrf: csrf, email: 'nobody-yet@elsewhere.example', name: 'Hank', role: 'member' });
      expect([other.status, other.location, other.setCookies]).toEqual([fresh.status, fresh.location, fresh.setCookies]);
      expect(other.text).toBe(fresh.text);
      expect(other.location).toBe('/team?done=invited');
      expect((await userByEmail('hank@globex.example'))!.client_id).toBe(world.globex.clientId);
      expect((await outbox()).map((m) => m.to)).toEqual(['nobody-yet@elsewhere.example']);
      // Staff still see the refusal in the audit log.
      expect(await audit('portal_user.invite_refused')).toEqual([expect.objectContaining({ details: JSON.stringify({ email: 'hank@globex.example', reason: 'other_client' }) })]);
    });

    it('mails nothing the admin typed: no name in the greeting, and names the inviting admin as such', async () => {
      const { client, csrf } = await as(world.adminId);
      const typed = 'Jo. URGENT: your invoice is overdue, pay at https://pay-now.example today';
      expect((await client.postForm('/team/invite', { _csrf: csrf, email: 'jo@northwind.example', name: typed.slice(0, 120), role: 'member' })).status).toBe(303);
      const [mail] = await outbox();
      expect(mail!.text).not.toContain('URGENT');
      expect(mail!.text).not.toContain('pay-now.example');
      expect(mail!.text.split('\n')[0]).toBe('Hello,');
      expect(mail!.text).toContain('You were invited by nancy@northwind.example, of Northwind Traders. If you do not know them, ignore this email.');
      const html = (await sqlGet<{ html: string }>(test.app, 'SELECT html_body AS html FROM outbox_messages'))!;
      expect(html.html).not.toContain('URGENT');
      expect(html.html).toContain('You were invited by <strong>nancy@northwind.example</strong>');
      // The name stays what the team page shows, to the client's own people.
      expect((await client.get('/team')).text).toContain('Jo. URGENT');
    });

    it('limits each admin’s invitations and re-sends per hour, refused ones included', async () => {
      const { client, csrf } = await as(world.adminId);
      const { limit, windowMs } = ATTEMPT_RULES.invitationsAdmin;
      expect((await client.postForm('/team/invite', { _csrf: csrf, email: 'hank@globex.example', name: 'Hank', role: 'member' })).status).toBe(303);
      await client.postForm('/team/invite', { _csrf: csrf, email: 'first@northwind.example', name: 'First', role: 'member' });
      const first = (await userByEmail('first@northwind.example'))!;
      expect((await client.postForm(`/team/${first.id}/resend`, { _csrf: csrf })).status).toBe(303);
      for (let i = 3; i < limit; i++) expect((await client.postForm('/team/invite', { _csrf: csrf, email: `p${i}@northwind.example`, name: `P ${i}`, role: 'member' })).status).toBe(303);
      const refused = await client.postForm('/team/invite', { _csrf: csrf, email: 'late@northwind.example', name: 'Late', role: 'member' });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.text).toContain('You have sent many invitations in the last hour.');
      expect(refused.text).toContain('value="late@northwind.example"');
      expect((await client.postForm(`/team/${first.id}/resend`, { _csrf: csrf })).status).toBe(429);
      expect(await userByEmail('late@northwind.example')).toBeUndefined();
      expect(await outbox()).toHaveLength(limit - 1);
      // Another admin of the same client has their own allowance; the hour passes.
      await sqlRun(test.app, `UPDATE portal_users SET role = 'client_admin' WHERE id = ?`, world.memberId);
      const mike = await as(world.memberId);
      expect((await mike.client.postForm('/team/invite', { _csrf: mike.csrf, email: 'late@northwind.example', name: 'Late', role: 'member' })).status).toBe(303);
      clock += windowMs;
      const again = await as(world.adminId);
      expect((await again.client.postForm('/team/invite', { _csrf: again.csrf, email: 'later@northwind.example', name: 'Later', role: 'member' })).status).toBe(303);
    });

    it('needs the session’s CSRF token, and an admin', async () => {
      const admin = await as(world.adminId);
      const forged = await admin.client.postForm('/team/invite', { email: 'x@northwind.example', name: 'X', role: 'member' });
      expect(forged.status).toBe(403);
      const member = await as(world.memberId);
      const res = await member.client.postForm('/team/invite', { _csrf: member.csrf, email: 'x@northwind.example', name: 'X', role: 'client_admin' });
      expect(res.status).toBe(404);
      expect((await member.client.postForm(`/team/${world.billingId}/remove`, { _csrf: member.csrf })).status).toBe(404);
      expect((await member.client.postForm(`/team/${world.billingId}/role`, { _csrf: member.csrf, role: 'member' })).status).toBe(404);
      expect(await userByEmail('x@northwind.example')).toBeUndefined();
      expect(await userByEmail('bella@northwind.example')).toMatchObject({ status: 'active', role: 'billing' });
    });
  });

  describe('roles and removal', () => {
    it('changes a colleague’s role, effective on their next request, and audits it', async () => {
      const mike = await as(world.memberId);
      expect((await mike.client.get('/projects')).status).toBe(200);
      expect((await mike.client.get('/invoices')).status).toBe(404);
      const admin = await as(world.adminId);
      const res = await admin.client.postForm(`/team/${world.memberId}/role`, { _csrf: admin.csrf, role: 'billing' });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/team?done=role_changed');
      expect((await mike.client.get('/projects')).status).toBe(404);
      expect((await mike.client.get('/invoices')).status).toBe(200);
      expect(await audit('portal_user.role_changed')).toEqual([expect.objectContaining({ actor_id: String(world.adminId), subject_id: String(world.memberId), details: JSON.stringify({ from: 'member', to: 'billing' }) })]);
      expect((await admin.client.postForm(`/team/${world.memberId}/role`, { _csrf: admin.csrf, role: 'superuser' })).status).toBe(400);
      // Not oneself, not another client's user.
      expect((await admin.client.postForm(`/team/${world.adminId}/role`, { _csrf: admin.csrf, role: 'member' })).status).toBe(404);
      expect((await admin.client.postForm(`/team/${world.globex.userId}/role`, { _csrf: admin.csrf, role: 'member' })).status).toBe(404);
      expect(await sqlAll(test.app, 'SELECT role FROM portal_users WHERE id IN (?, ?) ORDER BY id', world.adminId, world.globex.userId)).toEqual([{ role: 'client_admin' }, { role: 'client_admin' }]);
      expect(await audit('portal_user.role_changed')).toHaveLength(1);
    });

    it('removing a colleague ends their sessions at once', async () => {
      const mikeLaptop = await as(world.memberId, 'laptop');
      const mikePhone = await as(world.memberId, 'phone');
      expect((await mikeLaptop.client.get('/projects')).status).toBe(200);
      expect(await liveSessions(world.memberId)).toBe(2);
      const admin = await as(world.adminId);
      const res = await admin.client.postForm(`/team/${world.memberId}/remove`, { _csrf: admin.csrf });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/team?done=removed');
      expect(await liveSessions(world.memberId)).toBe(0);
      for (const browser of [mikeLaptop, mikePhone]) {
        const after = await browser.client.get('/projects');
        expect(after.status).toBe(303);
        expect(after.location).toBe('/');
      }
      expect(await audit('portal_user.removed')).toEqual([expect.objectContaining({ actor_id: String(world.adminId), subject_id: String(world.memberId), details: JSON.stringify({ email: 'mike@northwind.example', role: 'member', sessionsEnded: 2 }) })]);
      const team = (await admin.client.get('/team?done=removed')).text;
      expect(team).not.toContain('Mike Member');
      expect(team).toContain('Access removed.');
      // Gone is gone: a second removal, oneself, another client's user: 404.
      expect((await admin.client.postForm(`/team/${world.memberId}/remove`, { _csrf: admin.csrf })).status).toBe(404);
      expect((await admin.client.postForm(`/team/${world.adminId}/remove`, { _csrf: admin.csrf })).status).toBe(404);
      expect((await admin.client.postForm(`/team/${world.globex.userId}/remove`, { _csrf: admin.csrf })).status).toBe(404);
      expect((await userByEmail('hank@globex.example'))!.status).toBe('active');
    });
  });

  describe('your sessions', () => {
    it('lists the user’s live sessions and ends one, or all the others', async () => {
      const old = await as(world.billingId, 'Old tablet');
      clock += MINUTE;
      const phone = await as(world.billingId, 'Phone browser');
      clock += MINUTE;
      const here = await as(world.billingId, 'Desk browser');
      await as(world.adminId, 'Someone else');
      const page = (await here.client.get('/account/sessions')).text;
      expect(page).toContain('Desk browser</strong> <span class="badge badge-paid">This browser</span>');
      expect(page).toContain('Phone browser');
      expect(page).toContain('Old tablet');
      expect(page).not.toContain('Someone else');
      const handles = [...page.matchAll(/action="\/account\/sessions\/(\d+)\/end"/g)].map((m) => m[1]!);
      expect(handles).toHaveLength(2);

      // Another user's session handle ends nothing.
      const adminHandle = (await sqlGet<{ h: number }>(test.app, `SELECT rowid AS h FROM sessions WHERE user_agent = 'Someone else'`))!.h;
      expect((await here.client.postForm(`/account/sessions/${adminHandle}/end`, { _csrf: here.csrf })).status).toBe(404);
      expect((await here.client.postForm(`/account/sessions/${handles[0]}/end`, {})).status).toBe(403);

      const oldHandle = (await sqlGet<{ h: number }>(test.app, `SELECT rowid AS h FROM sessions WHERE user_agent = 'Old tablet'`))!.h;
      const ended = await here.client.postForm(`/account/sessions/${oldHandle}/end`, { _csrf: here.csrf });
      expect(ended.status).toBe(303);
      expect(ended.location).toBe('/account/sessions?done=ended');
      expect((await old.client.get('/invoices')).status).toBe(303);
      expect((await phone.client.get('/invoices')).status).toBe(200);

      const all = await here.client.postForm('/account/sessions/end-others', { _csrf: here.csrf });
      expect(all.location).toBe('/account/sessions?done=others_ended');
      expect((await phone.client.get('/invoices')).status).toBe(303);
      expect((await here.client.get('/invoices')).status).toBe(200);
      const after = (await here.client.get('/account/sessions?done=others_ended')).text;
      expect(after).toContain('You are now signed out everywhere else.');
      expect(after).toContain('You are signed in only here.');
      expect((await audit('portal.session_ended')).map((row) => JSON.parse(String(row.details)))).toEqual([{ sessions: 1 }, { sessions: 1, others: true }]);
      expect((await (await as(world.adminId)).client.get('/activity')).status).toBe(200);
    });
  });
});
