/**
 * A contact who opted out of email in the CRM is not sent the portal invitation when their
 * company's deal is won: their portal user exists, "not invited", and staff see why and may send it
 * anyway (owner/operator only, audited). Driven through the HubSpot and Salesforce emulators.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, hubspotConnectionId, type TestApp } from './support/create-test-app.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from './support/portal-http-client.js';
import { runPull } from '../src/sync/run-pull.js';
import { createHttpApp } from '../src/http/create-http-app.js';
import { createJobHandlers, createWorkerHooks } from '../src/jobs/create-job-handlers.js';
import { upsertStaffUser } from '../src/staff/staff-users.js';
import { createStaffSession } from '../src/staff/staff-sessions.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { SalesforceEmulatorStore } from '../connectors/salesforce/emulator/salesforce-emulator-store.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../connectors/salesforce/emulator/start-salesforce-emulator.js';
import { sqlAll, sqlGet, sqlValue } from './support/sql.js';

const MARVIN = 'marvin.martian@acme-robotics.example';

describe('contacts who opted out of email', () => {
  let app: TestApp | undefined;
  let emulator: HubSpotEmulator | SalesforceEmulator | undefined;
  let served: ServedHttp | undefined;
  afterEach(async () => {
    await served?.close();
    await app?.dispose();
    await emulator?.close();
    served = app = emulator = undefined;
  });

  /** Recipients of the .eml files written to the outbox. */
  const mailedTo = (test: TestApp): string[] => {
    const outbox = join(test.dataDir, 'outbox');
    if (!existsSync(outbox)) return [];
    return readdirSync(outbox)
      .filter((file) => file.endsWith('.eml'))
      .map((file) => /^To: (.+)$/m.exec(readFileSync(join(outbox, file), 'utf8'))?.[1]?.trim() ?? '')
      .sort();
  };

  it('HubSpot: winning Acme invites two of its three people; staff see why the third was not, and an owner sends it anyway, once', async () => {
    const store = new HubSpotEmulatorStore();
    store.seedDemo();
    const hubspot = await startHubSpotEmulator({ store });
    emulator = hubspot;
    const test = await createTestApp({ HUBSPOT_BASE_URL: hubspot.url });
    app = test;
    const connectionId = await hubspotConnectionId(test);
    await test.jobs.startWorker(createJobHandlers(test), createWorkerHooks(test));
    for (const type of ['owners', 'companies', 'contacts', 'deals']) await runPull(test, connectionId, type, 'backfill');
    const contacts = (await sqlAll<{ data: string }>(test, `SELECT data FROM records WHERE kind = 'contact'`)).map((row) => JSON.parse(row.data) as { email?: unknown });
    expect(contacts.find((contact) => contact.email === MARVIN)).toMatchObject({ emailOptedOut: true });

    // Acme's deal is won in HubSpot; the next poll sees it and provisions the client.
    const deal = [...store.objects.deals.values()].find((d) => d.properties.dealname === 'Brand refresh')!;
    store.moveDealToStage(deal.id, 'closedwon');
    await runPull(test, connectionId, 'deals', 'incremental');
    await test.jobs.drain();

    const users = await sqlAll<{ id: number; email: string; status: string; withheldBy: string | null; clientId: number }>(test, `SELECT id, email, status, invitation_withheld_by AS "withheldBy", client_id AS "clientId" FROM portal_users ORDER BY email`);
    expect(users.map(({ email, status, withheldBy }) => ({ email, status, withheldBy }))).toEqual([
      { email: MARVIN, status: 'invited', withheldBy: 'hubspot' },
      { email: 'road.runner@acme-robotics.example', status: 'invited', withheldBy: null },
      { email: 'wile.coyote@acme-robotics.example', status: 'invited', withheldBy: null },
    ]);
    const marvin = users[0]!;
    expect(mailedTo(test)).toEqual(['road.runner@acme-robotics.example', 'wile.coyote@acme-robotics.example']);
    expect(await sqlGet(test, 'SELECT COUNT(*) AS n FROM auth_tokens WHERE user_id = ?', marvin.id)).toEqual({ n: 0 });
    expect(await sqlAll(test, `SELECT details FROM audit_log WHERE action = 'portal_user.invitation_withheld'`)).toEqual([
      { details: JSON.stringify({ email: MARVIN, reason: 'opted_out_of_email', provider: 'hubspot' }) },
    ]);

    // The console: a viewer sees why, without the button, and cannot send it; an owner can, once.
    const now = Date.now();
    const sessionOf = async (role: 'owner' | 'viewer') => {
      const user = await upsertStaffUser(test.store.db, { workspaceId: test.workspaceId, email: `${role}@brightside.example`, name: role, role }, now);
      return { user, session: await createStaffSession(test.store.db, test.keyring.signingKey, { staffUserId: user.id }, now) };
    };
    served = await serveHttp(createHttpApp(test));
    const as = async (role: 'owner' | 'viewer') => {
      const { user, session } = await sessionOf(role);
      const client = new PortalHttpClient(served!.baseUrl);
      client.cookies.set('clienthub_staff', session.sessionId);
      return { client, csrf: session.csrfToken, staffUserId: user.id };
    };
    const viewer = await as('viewer');
    const owner = await as('owner');
    const page = `/staff/clients/${marvin.clientId}`;
    const sendAnyway = `/staff/clients/${marvin.clientId}/users/${marvin.id}/send-anyway`;

    const seenByViewer = await viewer.client.get(page);
    expect(seenByViewer.status).toBe(200);
    expect(seenByViewer.text).toMatch(/not invited<\/span> opted out of email in HubSpot/);
    expect(seenByViewer.text).not.toContain('Send invitation anyway');
    expect((await viewer.client.postForm(sendAnyway, { _csrf: viewer.csrf })).status).toBe(403);
    expect((await owner.client.postForm(sendAnyway, {})).status).toBe(403); // no CSRF token
    await test.jobs.drain();
    expect(mailedTo(test)).not.toContain(MARVIN);

    const seenByOwner = await owner.client.get(page);
    expect(seenByOwner.text).toContain(`action="${sendAnyway}"`);
    const sent = await owner.client.postForm(sendAnyway, { _csrf: owner.csrf });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`${page}?done=invited_anyway`);
    expect((await owner.client.postForm(sendAnyway, { _csrf: owner.csrf })).status).toBe(409);
    await test.jobs.drain();
    expect(mailedTo(test).filter((to) => to === MARVIN)).toHaveLength(1);
    expect(await sqlAll(test, `SELECT actor_type AS "actorType", actor_id AS "actorId", subject_id AS "subjectId", details FROM audit_log WHERE action = 'portal_user.invited_despite_email_opt_out'`)).toEqual([
      { actorType: 'staff', actorId: String(owner.staffUserId), subjectId: String(marvin.id), details: JSON.stringify({ email: MARVIN, optedOutIn: 'hubspot' }) },
    ]);
    expect(await sqlGet(test, 'SELECT invitation_withheld_by AS "withheldBy" FROM portal_users WHERE id = ?', marvin.id)).toEqual({ withheldBy: null });
    expect((await owner.client.get(page)).text).not.toContain('Send invitation anyway');
  });

  it('Salesforce: HasOptedOutOfEmail holds back the invitation of a won opportunity’s contact', async () => {
    const store = new SalesforceEmulatorStore();
    store.seedDemo();
    const salesforce = await startSalesforceEmulator({ store });
    emulator = salesforce;
    const test = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_INSTANCE_URL: salesforce.url, SALESFORCE_LOGIN_URL: salesforce.url, SALESFORCE_ACCESS_TOKEN: 'token' });
    app = test;
    await test.jobs.startWorker(createJobHandlers(test), createWorkerHooks(test));
    const connectionId = (await sqlValue<number>(test, `SELECT id FROM connections WHERE provider = 'salesforce'`))!;
    for (const type of ['User', 'Account', 'Contact', 'Opportunity']) await runPull(test, connectionId, type, 'backfill');
    const umbrella = [...store.records.Account.values()].find((a) => a.Name === 'Umbrella Logistics')!;
    const opportunity = [...store.records.Opportunity.values()].find((o) => o.AccountId === umbrella.Id)!;
    store.winOpportunity(opportunity.Id);
    await runPull(test, connectionId, 'Opportunity', 'incremental');
    await test.jobs.drain();
    expect(await sqlAll(test, 'SELECT email, invitation_withheld_by AS "withheldBy" FROM portal_users ORDER BY email')).toEqual([
      { email: 'alice@umbrella-logistics.example', withheldBy: null },
      { email: 'carlos@umbrella-logistics.example', withheldBy: 'salesforce' },
    ]);
    expect(mailedTo(test)).toEqual(['alice@umbrella-logistics.example']);
  });
});
