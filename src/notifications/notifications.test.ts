/** Email preferences, digests built from record_changes per role, the outbox with RFC 8058 headers, one-click unsubscribe, scheduling. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { csrfOnPage, MINUTE, startPortalHarness, T0, type PortalHarness } from '../../portal-ui/testing/portal-harness.js';
import { invoiceData, seedRecord, taskData } from '../../tests/support/seed-portal-records.js';
import { sendNotificationDigests } from './send-notification-digests.js';
import { setNotificationMode } from './set-notification-mode.js';
import { createUnsubscribeToken } from './unsubscribe-token.js';
import { deliverPendingMail } from '../mail/deliver-pending-mail.js';
import { runSchedulerTick } from '../sync/run-scheduler-tick.js';
import { createJobHandlers } from '../jobs/create-job-handlers.js';
import { sqlAll, sqlGet, sqlRun } from '../../tests/support/sql.js';

const DAY = 24 * 3600_000;

describe('notifications', () => {
  let h: PortalHarness;
  beforeAll(async () => {
    h = await startPortalHarness();
  });
  afterAll(async () => h?.close());
  beforeEach(() => h.reset());

  const app = () => h.test.app;
  const userRow = async (id: number) => (await sqlGet<{ mode: string; cursor: number; notifiedAt: number | null }>(app(), 'SELECT notify_mode AS mode, notify_after_change_id AS cursor, notified_at AS "notifiedAt" FROM portal_users WHERE id = ?', id))!;
  const maxChange = async () => (await sqlGet<{ id: number }>(app(), 'SELECT MAX(id) AS id FROM record_changes'))!.id;
  const subscribe = (userId: number, mode: 'immediate' | 'daily', at = T0) => setNotificationMode(app(), { userId, workspaceId: app().workspaceId, clientId: h.world.northwind.clientId }, mode, 'account', null, at);
  const digests = async () => (await h.outbox()).filter((m) => m.kind === 'digest');

  /** News after the subscription: an invoice (billing news), a milestone (project news), and another client's invoice. */
  async function somethingHappens(at: number): Promise<void> {
    const { xero, asana } = h.world.connections;
    await seedRecord(app(), { connectionId: xero, provider: 'xero', kind: 'invoice', clientId: h.world.northwind.clientId, data: invoiceData({ number: 'INV-900', totalMinor: 77_700, subtotalMinor: 77_700, taxMinor: 0, amountDueMinor: 77_700 }) }, at);
    await seedRecord(app(), { connectionId: asana, provider: 'asana', kind: 'task', clientId: h.world.northwind.clientId, data: taskData({ name: 'Go live', isMilestone: true }) }, at);
    await seedRecord(app(), { connectionId: asana, provider: 'asana', kind: 'task', clientId: h.world.northwind.clientId, data: taskData({ name: 'Internal retro', clientVisible: false }) }, at);
    await seedRecord(app(), { connectionId: xero, provider: 'xero', kind: 'invoice', clientId: h.world.globex.clientId, data: invoiceData({ number: 'GLX-900' }) }, at);
  }

  it('saves the preference from the account page, starting from now, and audits it', async () => {
    const { client, csrf } = await h.as(h.world.adminId);
    const page = (await client.get('/account')).text;
    expect(page).toContain('<input type="radio" id="notify-off" name="mode" value="off" checked>');
    const res = await client.postForm('/account/notifications', { _csrf: csrf, mode: 'daily' });
    expect(res.location).toBe('/account?done=notifications_saved');
    expect(await userRow(h.world.adminId)).toEqual({ mode: 'daily', cursor: await maxChange(), notifiedAt: T0 });
    expect((await client.get('/account?done=notifications_saved')).text).toContain('<input type="radio" id="notify-daily" name="mode" value="daily" checked>');
    expect(JSON.parse(String((await h.audit('portal.notifications_changed'))[0]!.details))).toEqual({ from: 'off', to: 'daily', via: 'account' });
    expect((await client.postForm('/account/notifications', { _csrf: csrf, mode: 'hourly' })).status).toBe(400);
    expect((await client.postForm('/account/notifications', { _csrf: 'forged', mode: 'off' })).status).toBe(403);
    expect((await userRow(h.world.adminId)).mode).toBe('daily');
  });

  it('mails each subscriber only their client’s news that their role may see, once, with one-click unsubscribe headers', async () => {
    await subscribe(h.world.adminId, 'immediate');
    await subscribe(h.world.memberId, 'immediate');
    await subscribe(h.world.billingId, 'immediate');
    expect(await sendNotificationDigests(app(), T0 + MINUTE)).toEqual({ queued: 0 });
    await somethingHappens(T0 + 2 * MINUTE);
    expect(await sendNotificationDigests(app(), T0 + 3 * MINUTE)).toEqual({ queued: 3 });
    const byUser = Object.fromEntries((await digests()).map((m) => [m.to, m]));
    const admin = byUser['nancy@northwind.example']!;
    expect(admin.subject).toBe('Brightside Agency: 2 updates for Northwind Traders');
    expect(admin.text).toContain('- Invoice INV-900 was issued for $777.00');
    expect(admin.text).toContain('- Milestone “Go live” was added');
    expect(admin.text).not.toContain('Internal retro');
    expect(admin.text).not.toContain('GLX-900');
    expect(byUser['mike@northwind.example']!.text).toContain('Go live');
    expect(byUser['mike@northwind.example']!.text).not.toContain('INV-900');
    expect(byUser['bella@northwind.example']!.text).toContain('INV-900');
    expect(byUser['bella@northwind.example']!.text).not.toContain('Go live');
    const headers = JSON.parse(admin.headers!) as Record<string, string>;
    const url = `http://127.0.0.1:3000/notifications/unsubscribe/${createUnsubscribeToken(app().keyring.signingKey, h.world.adminId)}`;
    expect(headers).toEqual({ 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(admin.text).toContain(`Unsubscribe with one click: ${url}`);
    expect(admin.html).toContain(`<a href="${url}">Unsubscribe</a>`);
    expect(await sendNotificationDigests(app(), T0 + 4 * MINUTE)).toEqual({ queued: 0 });
    expect((await userRow(h.world.adminId)).cursor).toBe(await maxChange());
    // Jobs queued to send them: mail.deliver.
    expect(await sqlAll(app(), `SELECT name FROM jobs WHERE status = 'queued'`)).toEqual([{ name: 'mail.deliver' }]);
  });

  it('moves the cursor without mailing when nothing the role may see changed', async () => {
    await subscribe(h.world.memberId, 'immediate');
    const { xero } = h.world.connections;
    await seedRecord(app(), { connectionId: xero, provider: 'xero', kind: 'invoice', clientId: h.world.northwind.clientId, data: invoiceData({ number: 'INV-901' }) }, T0 + MINUTE);
    expect(await sendNotificationDigests(app(), T0 + 2 * MINUTE)).toEqual({ queued: 0 });
    expect((await userRow(h.world.memberId)).cursor).toBe(await maxChange());
  });

  it('sends a daily summary at most once a day', async () => {
    await subscribe(h.world.adminId, 'daily');
    await somethingHappens(T0 + MINUTE);
    expect(await sendNotificationDigests(app(), T0 + 2 * MINUTE)).toEqual({ queued: 0 });
    expect(await sendNotificationDigests(app(), T0 + DAY)).toEqual({ queued: 1 });
    await somethingHappens(T0 + DAY + MINUTE);
    expect(await sendNotificationDigests(app(), T0 + DAY + 2 * 3600_000)).toEqual({ queued: 0 });
    expect(await sendNotificationDigests(app(), T0 + 2 * DAY)).toEqual({ queued: 1 });
    expect((await digests())[1]!.text).toContain('You get this because you chose a daily summary');
  });

  it('leaves out removed users and off-boarded clients', async () => {
    await subscribe(h.world.adminId, 'immediate');
    await subscribe(h.world.memberId, 'immediate');
    await sqlRun(app(), `UPDATE portal_users SET status = 'disabled' WHERE id = ?`, h.world.memberId);
    await somethingHappens(T0 + MINUTE);
    expect(await sendNotificationDigests(app(), T0 + 2 * MINUTE)).toEqual({ queued: 1 });
    await sqlRun(app(), `UPDATE clients SET status = 'offboarded' WHERE id = ?`, h.world.northwind.clientId);
    await somethingHappens(T0 + 3 * MINUTE);
    expect(await sendNotificationDigests(app(), T0 + 4 * MINUTE)).toEqual({ queued: 0 });
  });

  it('delivers through the outbox job with the List-Unsubscribe headers in the message', async () => {
    await subscribe(h.world.adminId, 'immediate');
    await somethingHappens(T0 + MINUTE);
    await sendNotificationDigests(app(), T0 + 2 * MINUTE);
    const outboxDir = join(h.test.dataDir, 'outbox');
    rmSync(outboxDir, { recursive: true, force: true });
    expect(await deliverPendingMail(app().store.db, app().mailer, app().config.mailFrom, app().logger)).toBe(1);
    const eml = readFileSync(join(outboxDir, readdirSync(outboxDir)[0]!), 'utf8');
    expect(eml).toMatch(/^List-Unsubscribe:\s+<http:\/\/127\.0\.0\.1:3000\/notifications\/unsubscribe\/\d+\.[A-Za-z0-9_-]{32}>$/m);
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  });

  it('unsubscribes with one POST and no session (RFC 8058); a GET only shows a button; forged tokens find nothing', async () => {
    await subscribe(h.world.adminId, 'daily');
    const token = createUnsubscribeToken(app().keyring.signingKey, h.world.adminId);
    const page = await h.browser().get(`/notifications/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<form method="post" action="/notifications/unsubscribe/${token}">`);
    expect((await userRow(h.world.adminId)).mode).toBe('daily');
    const res = await h.browser().postForm(`/notifications/unsubscribe/${token}`, { 'List-Unsubscribe': 'One-Click' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('You are unsubscribed');
    expect((await userRow(h.world.adminId)).mode).toBe('off');
    expect(JSON.parse(String((await h.audit('portal.notifications_changed')).at(-1)!.details))).toEqual({ from: 'daily', to: 'off', via: 'unsubscribe_link' });
    const forged = `${h.world.memberId}.${token.split('.')[1]}`;
    expect((await h.browser().postForm(`/notifications/unsubscribe/${forged}`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(404);
    expect((await h.browser().get('/notifications/unsubscribe/garbage')).status).toBe(404);
  });

  it('is scheduled by the scheduler tick when someone subscribed, and run by its job handler', async () => {
    await runSchedulerTick(app(), T0);
    expect(await sqlGet(app(), `SELECT COUNT(*) AS n FROM jobs WHERE name = 'notifications.digest'`)).toEqual({ n: 0 });
    await subscribe(h.world.adminId, 'immediate');
    await runSchedulerTick(app(), T0);
    await runSchedulerTick(app(), T0);
    expect(await sqlGet(app(), `SELECT COUNT(*) AS n FROM jobs WHERE name = 'notifications.digest' AND status = 'queued'`)).toEqual({ n: 1 });
    await somethingHappens(Date.now());
    await createJobHandlers(app())['notifications.digest']({}, { id: '1', name: 'notifications.digest', attempt: 1, maxAttempts: 1 });
    expect(await digests()).toHaveLength(1);
  });

  it('the account page form works in order: CSRF field first', async () => {
    const { client } = await h.as(h.world.adminId);
    expect(csrfOnPage((await client.get('/account')).text)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
