/**
 * Issue 16's proof for HubSpot: a request opened in the portal becomes one ticket; the team's reply
 * by email on the ticket reaches the portal through HubSpot's signed webhook; an internal note and a
 * forwarded email never do. Real server, real SDK, the HubSpot emulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_SECRET, type TestApp } from './support/create-test-app.js';
import { seedPortalUser, seedRecord, signedInClient } from './support/seed-portal-records.js';
import { startServer } from '../src/server/start-server.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import type { HubSpotWebhookEvent } from '../connectors/hubspot/emulator/webhook-events.js';
import { signHubSpotV3 } from '../connectors/hubspot/testing/sign-hubspot-v3.js';
import { performPortalAction } from '../src/outbox/perform-portal-action.js';
import { sqlAll, sqlGet, sqlValue } from './support/sql.js';

describe('HubSpot requests: portal → ticket → reply by webhook → portal', () => {
  let emulator: HubSpotEmulator;
  let store: HubSpotEmulatorStore;
  let app: TestApp;
  let url: string;
  let close: () => Promise<void>;
  let memberId: number;

  beforeEach(async () => {
    store = new HubSpotEmulatorStore();
    const seed = store.seedDemo();
    emulator = await startHubSpotEmulator({ store });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url, HUBSPOT_PORTAL_ID: String(store.portalId) });
    const connectionId = await hubspotConnectionId(app);
    const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind Traders', 1, 1) RETURNING id`, app.workspaceId))!;
    await seedRecord(app, { connectionId, provider: 'hubspot', kind: 'company', externalId: seed.companyIds[0]!, clientId, data: { name: 'Northwind Traders', domain: 'northwind.example', phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null } });
    memberId = (await seedPortalUser(app, clientId, { email: 'nancy.davolio@northwind.example', name: 'Nancy Davolio', role: 'member' })).userId;
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    url = server.url;
    close = server.close;
  });

  afterEach(async () => {
    await close();
    await app.dispose();
    await emulator.close();
  });

  async function deliver(events: HubSpotWebhookEvent[]) {
    const body = JSON.stringify(events);
    const timestamp = Date.now();
    const response = await fetch(`${url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signHubSpotV3(HUBSPOT_TEST_SECRET, 'POST', 'http://hub.test/webhooks/hubspot', body, timestamp), 'x-hubspot-request-timestamp': String(timestamp) },
      body,
    });
    expect(response.status).toBe(200);
  }

  it('shows the team’s emailed reply after the webhook, and never a note or a forwarded email', async () => {
    const { client, csrf } = await signedInClient(app, url, memberId, Date.now());
    const form = (await client.get('/requests/new')).text;
    const key = /name="key" value="([^"]+)"/.exec(form)![1]!;
    expect((await client.postForm('/requests', { _csrf: csrf, key, subject: 'Invoice address is wrong', description: 'Please bill our Seattle office.' })).status).toBe(303);
    await app.jobs.drain();

    const [ticket] = [...store.all('tickets')];
    expect(ticket).toBeDefined();
    // The ticket synced at once after the create: the list shows HubSpot's own record and stage label.
    const row = (await sqlGet<{ id: number; client_id: number; data: string }>(app, `SELECT id, client_id, data FROM records WHERE kind = 'request'`))!;
    const data = JSON.parse(row.data) as { statusLabel: string; actionKey: string };
    const request = { id: row.id, client_id: row.client_id, stage: data.statusLabel, actionKey: data.actionKey };
    expect(request).toMatchObject({ stage: 'New', actionKey: key });
    const list = (await client.get('/requests')).text;
    expect(list).toContain(`href="/requests/${request.id}"`);
    expect(list).not.toContain('Sending to your team');

    const note = store.addTicketNote(ticket!.id, 'Internal: check with finance before answering');
    const forwarded = store.addTicketEmail(ticket!.id, { text: 'FYI forwarding to finance', direction: 'FORWARDED_EMAIL', fromFirstName: 'Alex', fromLastName: 'Owner' });
    const reply = store.addTicketEmail(ticket!.id, { text: 'Done: future invoices go to Seattle.', direction: 'EMAIL', fromFirstName: 'Alex', fromLastName: 'Owner' });
    const started = performance.now();
    await deliver([note.event, forwarded.event, reply.event]);
    await app.jobs.drain();
    const page = (await client.get(`/requests/${request.id}`)).text;
    const elapsedMs = performance.now() - started;
    expect(page).toContain('Done: future invoices go to Seattle.');
    expect(page).toContain('Alex Owner');
    expect(page).not.toContain('Internal: check with finance');
    expect(page).not.toContain('FYI forwarding');
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE kind = 'request_message'`)).toEqual({ n: 1 });
    // The activity page (and so the email digests, built from the same changes) tells of the reply, not of the note.
    const activity = (await client.get('/activity')).text;
    expect(activity).toContain('Alex Owner replied on a request: “Done: future invoices go to Seattle.”');
    expect(activity).not.toContain('check with finance');
    // Webhook-to-portal time for a staff reply against the emulator (reported, not asserted: speed lives in the bench).
    console.info(`webhook-to-portal for a staff reply: ${Math.round(elapsedMs)} ms`);
  });

  it('sends the client’s reply as an email on the ticket once, even when the worker dies after HubSpot answered, and shows it back without the marker', async () => {
    const { client, csrf } = await signedInClient(app, url, memberId, Date.now());
    const key = /name="key" value="([^"]+)"/.exec((await client.get('/requests/new')).text)![1]!;
    await client.postForm('/requests', { _csrf: csrf, key, subject: 'Invoice address is wrong', description: 'Please bill our Seattle office.' });
    await app.jobs.drain();
    const request = (await sqlGet<{ id: number }>(app, `SELECT id FROM records WHERE kind = 'request'`))!;
    const page = (await client.get(`/requests/${request.id}`)).text;
    const replyKey = /action="\/requests\/\d+\/messages"[\s\S]*?name="key" value="([^"]+)"/.exec(page)![1]!;

    const empty = await client.postForm(`/requests/${request.id}/messages`, { _csrf: csrf, key: replyKey, body: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Write your reply first.');

    const write = app.connectors.get('hubspot').writes!.addRequestMessage!;
    const original = write.perform;
    let killed = false;
    write.perform = async (ctx, input) => {
      const result = await original(ctx, input);
      if (!killed) {
        killed = true;
        throw new Error('worker killed after the provider answered');
      }
      return result;
    };
    try {
      expect((await client.postForm(`/requests/${request.id}/messages`, { _csrf: csrf, key: replyKey, body: 'Also: the PO number is 4471.' })).status).toBe(303);
      const sending = (await client.get(`/requests/${request.id}`)).text;
      expect(sending).toMatch(/Sending to your team|Received by your team/);
      await app.jobs.drain();
    } finally {
      write.perform = original;
    }
    // The runner retries the killed attempt later (with backoff); run that retry now.
    const action = (await sqlGet<{ id: number; status: string }>(app, `SELECT id, status FROM portal_actions WHERE operation = 'addRequestMessage'`))!;
    expect(action.status).toBe('pending');
    await performPortalAction(app, action.id, { attempt: 2, maxAttempts: 5 });
    await app.jobs.drain();
    const emails = [...store.all('emails')];
    expect(emails).toHaveLength(1);
    expect(emails[0]!.properties).toMatchObject({ hs_email_direction: 'INCOMING_EMAIL' });
    expect(emails[0]!.properties.hs_email_text).toContain(`[portal ref ${replyKey}]`);
    const shown = (await client.get(`/requests/${request.id}`)).text;
    expect(shown).toContain('Also: the PO number is 4471.');
    expect(shown).not.toContain('portal ref');
    expect(shown).not.toContain('Sending to your team');
    const messages = await sqlAll<{ data: string }>(app, `SELECT data FROM records WHERE kind = 'request_message'`);
    expect(messages.map((m) => ({ fromClient: (JSON.parse(m.data) as { fromClient: unknown }).fromClient }))).toEqual([{ fromClient: true }]);
  });
});
