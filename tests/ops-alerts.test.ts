/**
 * Staff alerts from the scheduler tick, on a real database (SQLite file or PostgreSQL): each alert is queued once (however
 * many ticks and processes) and its recovery once; owners are emailed; the Slack-compatible
 * webhook (a local HTTP server) receives `{ "text": … }`; a webhook that cannot be reached is not fatal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { runSchedulerTick } from '../src/sync/run-scheduler-tick.js';
import { createAppContext, closeAppContext } from '../src/app/create-app-context.js';
import { markConnectionFailed } from '../src/connections/connection-repository.js';
import { updateConnectionSucceeded } from '../src/store/connections/update-connection-succeeded.js';
import { upsertStaffUser } from '../src/staff/staff-users.js';
import { deliverPendingMail } from '../src/mail/deliver-pending-mail.js';
import { silentLogger } from '../src/logging/logger.js';
import { createTestApp, hubspotConnectionId, type TestApp } from './support/create-test-app.js';
import { freePort } from './support/free-port.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from './support/sql.js';

const apps: TestApp[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  for (const app of apps.splice(0)) await app.dispose();
});

/** A chat webhook stand-in: records each JSON body it is sent. */
async function startChatWebhook(): Promise<{ url: string; received: { text: string }[] }> {
  const received: { text: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as { text: string });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/T000/B000`, received };
}

async function alertMail(app: TestApp): Promise<{ kind: string; to_address: string; subject: string; text_body: string; status: string }[]> {
  return sqlAll(app, `SELECT kind, to_address, subject, text_body, status FROM outbox_messages WHERE kind LIKE 'ops.%' ORDER BY id`);
}

/** A HubSpot webhook delivery stored with the given status (refused for a signature mismatch, or accepted). */
function storeWebhookDelivery(app: TestApp): (receivedAt: number, status: string) => Promise<unknown> {
  return (receivedAt, status) =>
    sqlRun(app, `INSERT INTO webhook_deliveries (provider, received_at, status, reason, headers, body) VALUES ('hubspot', ?, ?, 'signature mismatch', '{}', '')`, receivedAt, status);
}

async function appWithOwner(env: Record<string, string> = {}): Promise<TestApp> {
  const app = await createTestApp({ CLIENTHUB_ALERT_DEAD_LETTERS: '2', CLIENTHUB_ALERT_WEBHOOK_REFUSED_MINUTES: '30', ...env });
  apps.push(app);
  await upsertStaffUser(app.store.db, { workspaceId: app.workspaceId, email: 'owner@brightside.test', role: 'owner' });
  await upsertStaffUser(app.store.db, { workspaceId: app.workspaceId, email: 'viewer@brightside.test', role: 'viewer' });
  return app;
}

describe('staff alerts', () => {
  it('announces an unhealthy connection once across ticks and processes, then its recovery once', async () => {
    const chat = await startChatWebhook();
    const app = await appWithOwner({ CLIENTHUB_ALERT_WEBHOOK_URL: chat.url });
    const second = await createAppContext(app.config, { logger: silentLogger });
    try {
      const id = await hubspotConnectionId(app);
      await markConnectionFailed(app.store.db, id, 'HTTP 401: EXPIRED_AUTHENTICATION', true);
      const t0 = Date.now();
      await runSchedulerTick(app, t0);
      await runSchedulerTick(second, t0 + 60_000);
      await runSchedulerTick(app, t0 + 120_000);
      expect(await alertMail(app)).toEqual([
        expect.objectContaining({ kind: 'ops.alert', to_address: 'owner@brightside.test', subject: '[Brightside Agency] Alert: HubSpot stopped syncing', text_body: expect.stringMatching(/^HubSpot stopped syncing: HTTP 401: EXPIRED_AUTHENTICATION\. HubSpot refused the token given in HUBSPOT_ACCESS_TOKEN/) }),
      ]);
      expect(chat.received).toEqual([{ text: expect.stringMatching(/HubSpot stopped syncing: HTTP 401: EXPIRED_AUTHENTICATION/) }]);

      await updateConnectionSucceeded(app.store.db, id, t0 + 150_000);
      await runSchedulerTick(second, t0 + 180_000);
      await runSchedulerTick(app, t0 + 240_000);
      const mail = await alertMail(app);
      expect(mail.map((m) => m.kind)).toEqual(['ops.alert', 'ops.recovery']);
      expect(mail[1]!.text_body).toMatch(/HubSpot is syncing again/);
      expect(chat.received.map((m) => m.text)).toEqual([expect.stringMatching(/stopped syncing/), expect.stringMatching(/HubSpot is syncing again/)]);

      // The tick queued mail.deliver; delivering it writes the owner's messages to the outbox directory.
      await deliverPendingMail(app.store.db, app.mailer, app.config.mailFrom, silentLogger);
      expect((await alertMail(app)).map((m) => m.status)).toEqual(['sent', 'sent']);
      expect(await sqlValue(app, `SELECT COUNT(*) AS n FROM jobs WHERE name = 'mail.deliver'`)).toBeGreaterThan(0);
    } finally {
      await closeAppContext(second);
    }
  });

  it('raises and clears the dead-letter and refused-webhook alerts', async () => {
    const app = await appWithOwner();
    const id = await hubspotConnectionId(app);
    const t0 = Date.now();
    const deadLetter = async (externalId: string) =>
      (await sqlGet<{ id: number }>(
        app,
        `INSERT INTO dead_letters (workspace_id, connection_id, provider, object_type, external_id, stage, reason, payload, created_at) VALUES (?, ?, 'hubspot', 'contacts', ?, 'mapping', 'bad', '{}', ?) RETURNING id`,
        app.workspaceId, id, externalId, t0,
      ))!;
    await deadLetter('1');
    await runSchedulerTick(app, t0);
    expect(await alertMail(app)).toEqual([]);
    const second = await deadLetter('2');
    const delivery = storeWebhookDelivery(app);
    // Refused 31 and 5 minutes ago: every delivery for the last 30 minutes was refused.
    await delivery(t0 - 31 * 60_000, 'rejected');
    await delivery(t0 - 5 * 60_000, 'rejected');
    await runSchedulerTick(app, t0 + 1000);
    await runSchedulerTick(app, t0 + 2000);
    expect((await alertMail(app)).map((m) => m.subject)).toEqual([
      '[Brightside Agency] Alert: 2 dead letters waiting',
      '[Brightside Agency] Alert: HubSpot webhooks refused',
    ]);

    await sqlRun(app, `UPDATE dead_letters SET status = 'discarded' WHERE id = ?`, second.id);
    await delivery(t0 + 2500, 'accepted');
    await runSchedulerTick(app, t0 + 3000);
    await runSchedulerTick(app, t0 + 4000);
    expect((await alertMail(app)).map((m) => m.kind)).toEqual(['ops.alert', 'ops.alert', 'ops.recovery', 'ops.recovery']);
    expect((await alertMail(app)).slice(2).map((m) => m.text_body)).toEqual([expect.stringMatching(/below 2 again/), expect.stringMatching(/HubSpot webhook deliveries are accepted again/)]);
  });

  it('keeps the refused-webhook alert open when the provider stops sending, until a delivery is accepted', async () => {
    const app = await appWithOwner();
    const t0 = Date.now();
    const delivery = storeWebhookDelivery(app);
    await delivery(t0 - 40 * 60_000, 'rejected');
    await delivery(t0 - 10 * 60_000, 'rejected');
    await runSchedulerTick(app, t0);
    // Two hours later nothing more came: the provider gave up, which is no recovery.
    await runSchedulerTick(app, t0 + 2 * 3600_000);
    // (The never-synced HubSpot connection turns stale meanwhile: its own alert, left out here.)
    const webhookMail = async () => (await alertMail(app)).filter((m) => /webhook/.test(m.subject));
    expect((await webhookMail()).map((m) => m.kind)).toEqual(['ops.alert']);
    await delivery(t0 + 2 * 3600_000 + 1, 'accepted');
    await runSchedulerTick(app, t0 + 2 * 3600_000 + 1000);
    expect((await webhookMail()).map((m) => m.kind)).toEqual(['ops.alert', 'ops.recovery']);
    expect((await alertMail(app)).filter((m) => /has not synced successfully for 2 hours/.test(m.text_body))).toHaveLength(1);
  });

  it('still emails when the chat webhook cannot be reached, and logs it', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../src/logging/logger.js');
    const app = await createTestApp({ CLIENTHUB_ALERT_WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/hook` }, { logger: createLogger('debug', {}, (line) => lines.push(line)) });
    apps.push(app);
    await upsertStaffUser(app.store.db, { workspaceId: app.workspaceId, email: 'owner@brightside.test', role: 'owner' });
    await markConnectionFailed(app.store.db, await hubspotConnectionId(app), 'HTTP 403: MISSING_SCOPES', true);
    await expect(runSchedulerTick(app)).resolves.toBeDefined();
    expect((await alertMail(app)).map((m) => m.kind)).toEqual(['ops.alert']);
    expect(lines.some((l) => /alert webhook could not be reached/.test(l))).toBe(true);
  });

  it('writes the alert email to the outbox directory without SMTP', async () => {
    const app = await appWithOwner();
    await markConnectionFailed(app.store.db, await hubspotConnectionId(app), 'HTTP 401: EXPIRED_AUTHENTICATION', true);
    await runSchedulerTick(app);
    await deliverPendingMail(app.store.db, app.mailer, app.config.mailFrom, silentLogger);
    const row = await sqlGet<{ error: string | null }>(app, `SELECT last_error AS error FROM outbox_messages WHERE kind = 'ops.alert'`);
    expect(row).toBeDefined();
    const files = (await import('node:fs')).readdirSync(`${app.dataDir}/outbox`);
    expect(files.length).toBe(1);
    expect(readFileSync(`${app.dataDir}/outbox/${files[0]}`, 'utf8')).toMatch(/HubSpot stopped syncing/);
  });
});
