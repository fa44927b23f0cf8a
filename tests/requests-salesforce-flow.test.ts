/**
 * Issue 16's proof for Salesforce: a request opened in the portal becomes one Case (upserted on the
 * action's key: Salesforce's own idempotency), for the client's Account and Contact; a public
 * CaseComment reaches the portal, a private one never does. Real jsforce, the Salesforce emulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from './support/create-test-app.js';
import { seedPortalUser, seedRecord } from './support/seed-portal-records.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../connectors/salesforce/emulator/start-salesforce-emulator.js';
import { SalesforceEmulatorStore } from '../connectors/salesforce/emulator/salesforce-emulator-store.js';
import { queuePortalAction } from '../src/outbox/queue-portal-action.js';
import { performPortalAction } from '../src/outbox/perform-portal-action.js';
import { findPortalAction } from '../src/store/portal-actions/find-portal-action.js';
import { runPull } from '../src/sync/run-pull.js';
import { fetchAndApply } from '../src/sync/fetch-and-apply.js';
import { listDeadLetters } from '../src/sync/dead-letters.js';
import { loadRequest } from '../portal-ui/requests/load-requests.js';
import type { CreateRequestInput, WriteOperation } from '../src/connector-kit/connector.js';
import { sqlAll, sqlGet, sqlValue } from './support/sql.js';

describe('Salesforce requests: portal → Case → public comment → portal', () => {
  let emulator: SalesforceEmulator;
  let store: SalesforceEmulatorStore;
  let app: TestApp;
  let clientId: number;
  let connectionId: number;
  let user: { id: number; name: string; email: string; contactRecordId: number };
  let accountId: string;
  let contactId: string;

  beforeEach(async () => {
    store = new SalesforceEmulatorStore();
    store.seedDemo();
    emulator = await startSalesforceEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_LOGIN_URL: emulator.url, SALESFORCE_INSTANCE_URL: emulator.url, SALESFORCE_ACCESS_TOKEN: 'emulator-session', SALESFORCE_ORG_ID: store.orgId });
    connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'salesforce'`))!;
    const account = [...store.records.Account.values()][0]!;
    const contact = [...store.records.Contact.values()].find((c) => c.AccountId === account.Id)!;
    accountId = account.Id;
    contactId = contact.Id;
    clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Initech', 1, 1) RETURNING id`, app.workspaceId))!;
    await seedRecord(app, { connectionId, provider: 'salesforce', kind: 'company', externalId: accountId, clientId, data: { name: 'Initech', domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null } });
    const contactRecord = await seedRecord(app, { connectionId, provider: 'salesforce', kind: 'contact', externalId: contactId, clientId, data: { email: String(contact.Email), firstName: 'Peter', lastName: 'Gibbons', fullName: 'Peter Gibbons', phone: null, jobTitle: null, companyExternalIds: [accountId], emailOptedOut: false } });
    const { userId } = await seedPortalUser(app, clientId, { email: String(contact.Email), name: 'Peter Gibbons', role: 'member' });
    user = { id: userId, name: 'Peter Gibbons', email: String(contact.Email), contactRecordId: contactRecord.recordId };
  });

  afterEach(async () => {
    await app.dispose();
    await emulator.close();
  });

  const open = (key = randomUUID()) => queuePortalAction(app, { clientId, user, operation: 'createRequest', idempotencyKey: key, fields: { subject: 'TPS report cover sheets', description: 'Which version do we use?', category: 'question' } });

  it('creates one Case for the Account and Contact even when the worker dies after Salesforce answered', async () => {
    const queued = await open();
    if (!queued.ok) throw new Error('not queued');
    const write = app.connectors.get('salesforce').writes!.createRequest! as WriteOperation<CreateRequestInput>;
    const original = write.perform;
    write.perform = async (ctx, input) => {
      await original(ctx, input);
      throw new Error('worker killed after the provider answered');
    };
    try {
      await expect(performPortalAction(app, queued.action.id, { attempt: 1, maxAttempts: 5 })).rejects.toThrow('worker killed');
    } finally {
      write.perform = original;
    }
    await performPortalAction(app, queued.action.id, { attempt: 2, maxAttempts: 5 });
    const cases = [...store.records.Case.values()];
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ Subject: 'TPS report cover sheets', Description: 'Which version do we use?\n\n— Peter Gibbons via the client portal', AccountId: accountId, ContactId: contactId, Type: 'Question', Status: 'New', ClientHub_Action_Key__c: queued.action.idempotencyKey });
    expect((await findPortalAction(app.store.db, queued.action.id))).toMatchObject({ status: 'done', resultObjectType: 'Case', resultExternalId: cases[0]!.Id });
  });

  it('shows public case comments after the Case changes, never private ones', async () => {
    const queued = await open();
    if (!queued.ok) throw new Error('not queued');
    await performPortalAction(app, queued.action.id, { attempt: 1, maxAttempts: 5 });
    const theCase = [...store.records.Case.values()][0]!;
    store.addCaseComment(theCase.Id, { body: 'Internal: he never reads memos', isPublished: false, authorName: 'Bill Lumbergh' });
    store.addCaseComment(theCase.Id, { body: 'Use the new cover sheet, version 2.', isPublished: true, authorName: 'Olivia Owner' });
    // What a CDC event or an Outbound Message triggers: the Case fetched by id.
    await fetchAndApply(app, connectionId, 'Case', [theCase.Id]);
    const record = (await sqlGet<{ id: number; client_id: number }>(app, `SELECT id, client_id FROM records WHERE kind = 'request'`))!;
    expect(record.client_id).toBe(clientId);
    const detail = (await loadRequest(app.store.db, clientId, record.id))!;
    expect(detail.request).toMatchObject({ subject: 'TPS report cover sheets', statusLabel: 'New', number: theCase.CaseNumber, isClosed: false });
    expect(detail.messages.map((m) => [m.body, m.authorName])).toEqual([['Use the new cover sheet, version 2.', 'Olivia Owner']]);
    expect(JSON.stringify(await sqlAll(app, 'SELECT raw, data FROM records'))).not.toContain('he never reads memos');
    // A poll finds the same, and nothing more.
    await runPull(app, connectionId, 'Case', 'backfill');
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE kind = 'request_message'`)).toEqual({ n: 1 });
  });

  it('dead-letters the request with Salesforce’s words when the org lacks the External ID field', async () => {
    store.caseActionKeyField = false;
    const queued = await open();
    if (!queued.ok) throw new Error('not queued');
    await performPortalAction(app, queued.action.id, { attempt: 1, maxAttempts: 5 });
    expect((await findPortalAction(app.store.db, queued.action.id))!.status).toBe('failed');
    expect((await listDeadLetters(app.store.db))[0]!.reason).toMatch(/Provided external ID field does not exist or is not accessible: ClientHub_Action_Key__c/);
    expect(store.records.Case.size).toBe(0);
  });

  it('posts the client’s reply as one public CaseComment, found again by its marker on a retry, and shows it as the client’s', async () => {
    const queued = await open();
    if (!queued.ok) throw new Error('not queued');
    await performPortalAction(app, queued.action.id, { attempt: 1, maxAttempts: 5 });
    const theCase = [...store.records.Case.values()][0]!;
    await fetchAndApply(app, connectionId, 'Case', [theCase.Id]);
    const requestRecordId = (await sqlValue<number>(app, `SELECT id FROM records WHERE kind = 'request'`))!;
    const reply = await queuePortalAction(app, { clientId, user, operation: 'addRequestMessage', idempotencyKey: randomUUID(), fields: { body: 'Version 2 it is.' }, anchorRecordId: requestRecordId });
    if (!reply.ok) throw new Error('reply not queued');
    const write = app.connectors.get('salesforce').writes!.addRequestMessage!;
    const original = write.perform;
    write.perform = async (ctx, input) => {
      await original(ctx, input);
      throw new Error('worker killed after the provider answered');
    };
    try {
      await expect(performPortalAction(app, reply.action.id, { attempt: 1, maxAttempts: 5 })).rejects.toThrow('worker killed');
    } finally {
      write.perform = original;
    }
    await performPortalAction(app, reply.action.id, { attempt: 2, maxAttempts: 5 });
    const comments = [...store.records.CaseComment.values()];
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ ParentId: theCase.Id, IsPublished: true });
    await fetchAndApply(app, connectionId, 'Case', [theCase.Id]);
    const detail = (await loadRequest(app.store.db, clientId, requestRecordId))!;
    expect(detail.messages.map((m) => [m.body, m.authorName, m.fromClient])).toEqual([['Version 2 it is.', 'Peter Gibbons', true]]);
    expect(detail.pendingReplies).toEqual([]);
  });
});
