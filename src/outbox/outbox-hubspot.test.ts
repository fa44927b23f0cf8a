import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, hubspotConnectionId, type TestApp } from '../../tests/support/create-test-app.js';
import { seedPortalUser, seedRecord } from '../../tests/support/seed-portal-records.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { HubSpotEmulatorStore, type DemoSeed } from '../../connectors/hubspot/emulator/emulator-store.js';
import type { CreateRequestInput, WriteOperation } from '../connector-kit/connector.js';
import { ProviderError } from '../sync/sync-errors.js';
import { createJobHandlers } from '../jobs/create-job-handlers.js';
import { listDeadLetters } from '../sync/dead-letters.js';
import { replayDeadLetter } from '../sync/replay-dead-letter.js';
import { queuePortalAction } from './queue-portal-action.js';
import { performPortalAction } from './perform-portal-action.js';
import { retryPortalAction } from './retry-portal-action.js';
import { listClientActions } from '../store/portal-actions/list-client-actions.js';
import { findPortalAction } from '../store/portal-actions/find-portal-action.js';
import { describeWriteAvailability } from './write-availability.js';
import { findConnection } from '../store/connections/find-connection.js';
import { evaluateAlerts } from '../ops/evaluate-alerts.js';
import { upsertStaffUser } from '../staff/staff-users.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';

describe('the write-back outbox: a client request becomes one HubSpot ticket', () => {
  let emulator: HubSpotEmulator;
  let store: HubSpotEmulatorStore;
  let seed: DemoSeed;
  let app: TestApp;
  let clientId: number;
  let user: { id: number; name: string; email: string; contactRecordId: number };
  let createRequest: WriteOperation<CreateRequestInput>;
  let originalPerform: WriteOperation<CreateRequestInput>['perform'];

  beforeEach(async () => {
    store = new HubSpotEmulatorStore();
    seed = store.seedDemo();
    emulator = await startHubSpotEmulator({ store });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url });
    const connectionId = await hubspotConnectionId(app);
    clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind Traders', 1, 1) RETURNING id`, app.workspaceId))!;
    const company = store.get('companies', seed.companyIds[0]!)!;
    await seedRecord(app, { connectionId, provider: 'hubspot', kind: 'company', externalId: company.id, clientId, data: { name: 'Northwind Traders', domain: 'northwind.example', phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null } });
    const nancyId = seed.contactIds[0]!;
    const contact = await seedRecord(app, { connectionId, provider: 'hubspot', kind: 'contact', externalId: nancyId, clientId, data: { email: 'nancy.davolio@northwind.example', firstName: 'Nancy', lastName: 'Davolio', fullName: 'Nancy Davolio', phone: null, jobTitle: null, companyExternalIds: [company.id], emailOptedOut: false } });
    const { userId } = await seedPortalUser(app, clientId, { email: 'nancy.davolio@northwind.example', name: 'Nancy Davolio', role: 'member' });
    await sqlRun(app, 'UPDATE portal_users SET contact_record_id = ? WHERE id = ?', contact.recordId, userId);
    user = { id: userId, name: 'Nancy Davolio', email: 'nancy.davolio@northwind.example', contactRecordId: contact.recordId };
    createRequest = app.connectors.get('hubspot').writes!.createRequest!;
    originalPerform = createRequest.perform;
  });

  afterEach(async () => {
    createRequest.perform = originalPerform;
    await app.dispose();
    await emulator.close();
  });

  const open = (key = randomUUID(), subject = 'Invoice address is wrong') =>
    queuePortalAction(app, { clientId, user, operation: 'createRequest', idempotencyKey: key, fields: { subject, description: 'Please bill our Seattle office.\n<b>not html</b>', category: 'billing' }, ip: '203.0.113.9' });
  const tickets = () => [...store.all('tickets')];
  const job = { attempt: 1, maxAttempts: 5 };

  it('stores the action with its audit row, performs it once through the SDK, associated with the company and the contact', async () => {
    const key = randomUUID();
    const queued = await open(key);
    expect(queued.ok).toBe(true);
    if (!queued.ok) return;
    expect(queued.action.status).toBe('pending');
    expect(await sqlAll(app, `SELECT action, actor_type, client_id, ip FROM audit_log WHERE subject_type = 'portal_action'`)).toEqual([
      { action: 'portal_action.queued', actor_type: 'portal_user', client_id: clientId, ip: '203.0.113.9' },
    ]);
    // The same form sent twice is the same action.
    const again = await open(key);
    expect(again.ok && again.created).toBe(false);
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM portal_actions')).toEqual({ n: 1 });

    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    expect(tickets()).toHaveLength(1);
    const ticket = tickets()[0]!;
    expect(ticket.properties).toMatchObject({
      subject: 'Invoice address is wrong',
      content: 'Please bill our Seattle office.\n<b>not html</b>\n\n— Nancy Davolio via the client portal',
      hs_pipeline: '0',
      hs_pipeline_stage: '1',
      hs_ticket_category: 'BILLING_ISSUE',
      clienthub_action_key: key,
    });
    expect(store.associations('tickets', ticket.id, 'companies')).toEqual([{ toId: seed.companyIds[0], primary: true }]);
    expect(store.associations('tickets', ticket.id, 'contacts')).toEqual([{ toId: seed.contactIds[0], primary: false }]);
    const action = (await findPortalAction(app.store.db, queued.action.id))!;
    expect(action).toMatchObject({ status: 'done', resultObjectType: 'tickets', resultExternalId: ticket.id, attempts: 1 });
    expect(await sqlAll(app, `SELECT action FROM audit_log WHERE subject_type = 'portal_action' ORDER BY id`)).toEqual([{ action: 'portal_action.queued' }, { action: 'portal_action.delivered' }]);
    // The marker property was defined once, hidden and unique.
    expect(store.propertyDefinitions.get('tickets:clienthub_action_key')).toMatchObject({ hasUniqueValue: true, hidden: true });
  });

  it('creates exactly one ticket when the worker dies after the provider call and before the row is marked done', async () => {
    const queued = await open();
    if (!queued.ok) throw new Error('not queued');
    createRequest.perform = async (ctx, input) => {
      await originalPerform(ctx, input);
      throw new Error('worker killed after the provider answered');
    };
    await expect(performPortalAction(app, queued.action.id, job)).rejects.toThrow('worker killed');
    expect(tickets()).toHaveLength(1);
    expect((await findPortalAction(app.store.db, queued.action.id))!.status).toBe('pending');

    createRequest.perform = originalPerform;
    await performPortalAction(app, queued.action.id, { attempt: 2, maxAttempts: 5 });
    expect(tickets()).toHaveLength(1);
    expect((await findPortalAction(app.store.db, queued.action.id))).toMatchObject({ status: 'done', resultExternalId: tickets()[0]!.id, attempts: 2 });
    // The second attempt found the ticket by its marker and never posted a create.
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/tickets')).toHaveLength(1);
  });

  it('keeps a 5xx pending for the runner to retry, and dead-letters it with the provider message on the last attempt', async () => {
    const queued = await open();
    if (!queued.ok) throw new Error('not queued');
    createRequest.perform = async () => {
      throw new ProviderError('HubSpot 502: Bad gateway', true, 502);
    };
    await expect(performPortalAction(app, queued.action.id, { attempt: 1, maxAttempts: 2 })).rejects.toThrow('HubSpot 502');
    expect((await findPortalAction(app.store.db, queued.action.id))).toMatchObject({ status: 'pending', lastError: 'HubSpot 502: Bad gateway' });
    await performPortalAction(app, queued.action.id, { attempt: 2, maxAttempts: 2 });
    expect((await findPortalAction(app.store.db, queued.action.id))).toMatchObject({ status: 'failed', lastError: 'HubSpot 502: Bad gateway' });
    expect((await listDeadLetters(app.store.db)).map((l) => l.reason)).toEqual(['createRequest not delivered: HubSpot 502: Bad gateway']);
  });

  it('dead-letters a permanent refusal at once, the client still sees the request, and a staff retry delivers it once', async () => {
    // The configured stage is missing from the pipeline: HubSpot answers 400, which no retry fixes.
    const pipeline = store.ticketPipelines[0]!;
    const removed = pipeline.stages.splice(0, 1);
    const queued = await open();
    if (!queued.ok) throw new Error('not queued');
    await performPortalAction(app, queued.action.id, job);
    const failed = (await findPortalAction(app.store.db, queued.action.id))!;
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/^HubSpot 400: Property values were not valid: 1 is not a valid stage of pipeline 0/);
    const [letter] = await listDeadLetters(app.store.db);
    expect(letter).toMatchObject({ objectType: 'portal_action', externalId: String(queued.action.id), id: failed.deadLetterId });
    expect(letter!.reason).toContain('1 is not a valid stage');
    expect(tickets()).toHaveLength(0);
    // The client's own list still has it (the page says it is not delivered yet).
    expect((await listClientActions(app.store.db, clientId, { operation: 'createRequest' })).map((a) => [a.payload.subject, a.status])).toEqual([['Invoice address is wrong', 'failed']]);

    // The team is told at once (an owner's alert mail), whatever the dead-letter threshold.
    await upsertStaffUser(app.store.db, { workspaceId: app.workspaceId, email: 'owner@brightside.test', role: 'owner' });
    const notices = await evaluateAlerts(app);
    expect(notices.map((n) => n.title)).toEqual(['Northwind Traders: a request or message from the portal not delivered']);
    expect(await sqlAll(app, `SELECT to_address FROM outbox_messages WHERE kind = 'ops.alert'`)).toEqual([{ to_address: 'owner@brightside.test' }]);

    pipeline.stages.unshift(...removed);
    expect(await replayDeadLetter(app, letter!.id, { actor: 'staff:1' })).toEqual({ ok: true, outcome: 'queued again for delivery' });
    expect((await findPortalAction(app.store.db, queued.action.id))).toMatchObject({ status: 'pending', attempts: 0, deadLetterId: null });
    expect(await listDeadLetters(app.store.db)).toHaveLength(0);
    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    expect(tickets()).toHaveLength(1);
    expect((await findPortalAction(app.store.db, queued.action.id))!.status).toBe('done');
    expect(await retryPortalAction(app, queued.action.id, { actor: 'staff:1' })).toEqual({ ok: false, reason: 'no undelivered action with that id' });
  });

  it('shows the write off, with the scope to add, for an OAuth grant without it, and refuses to queue', async () => {
    const connection = (await findConnection(app.store.db, await hubspotConnectionId(app)))!;
    const settings = JSON.parse((await sqlValue<string>(app, 'SELECT settings FROM connections WHERE id = ?', connection.id))!) as Record<string, unknown>;
    await sqlRun(app, 'UPDATE connections SET settings = ? WHERE id = ?', JSON.stringify({ ...settings, grantedScopes: ['crm.objects.companies.read', 'crm.objects.contacts.read'] }), connection.id);
    const limited = (await findConnection(app.store.db, connection.id))!;
    expect(describeWriteAvailability(app, limited, 'createRequest')).toEqual({ declared: true, on: false, missingScopes: ['tickets'], scopes: ['tickets'] });
    expect(describeWriteAvailability(app, limited, 'addConversationComment')).toMatchObject({ declared: false, on: false });
    expect(await open()).toEqual({ ok: false, reason: 'unavailable' });
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM portal_actions')).toEqual({ n: 0 });
  });
});
