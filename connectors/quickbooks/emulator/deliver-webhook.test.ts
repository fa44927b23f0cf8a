import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { cloudEventsFor, legacyNotificationFor, signQuickBooksWebhook } from './deliver-webhook.js';
import { parseQuickBooksWebhook } from '../parse-webhook.js';

describe('QuickBooks webhook payloads', () => {
  it('builds CloudEvents and legacy notifications from the change log that the connector parses', () => {
    const store = new QuickBooksEmulatorStore({ now: () => Date.parse('2026-11-20T10:00:00Z') });
    const customer = store.createCustomer({ displayName: 'Initech' });
    const invoice = store.createInvoice({ customerId: customer.Id, lines: [{ description: 'Audit', unitPrice: 10 }] });
    store.voidInvoice(invoice.Id);
    const changes = store.changes.filter((change) => change.entity === 'Invoice');
    const events = cloudEventsFor(store, changes);
    expect(events.map((event) => event.type)).toEqual(['qbo.invoice.created.v1', 'qbo.invoice.voided.v1']);
    expect(events[0]).toMatchObject({ specversion: '1.0', source: 'intuit.com/qbo', intuitentityid: invoice.Id, intuitaccountid: store.realmId, time: '2026-11-20T10:00:00.000Z', data: { Id: invoice.Id } });
    const parse = (payload: unknown) => parseQuickBooksWebhook({ method: 'POST', url: 'http://hub.test/webhooks/quickbooks', headers: {}, rawBody: Buffer.from(JSON.stringify(payload)), receivedAt: Date.now() });
    expect(parse(events)).toMatchObject({ ok: true, events: [{ objectType: 'Invoice', externalId: invoice.Id, action: 'changed', accountId: store.realmId }, { objectType: 'Invoice', action: 'changed' }] });
    expect(parse(legacyNotificationFor(store, changes))).toMatchObject({ ok: true, events: [{ objectType: 'Invoice', externalId: invoice.Id, accountId: store.realmId }, { externalId: invoice.Id }] });
  });

  it('signs the exact bytes: base64 HMAC-SHA256 with the verifier token', () => {
    const body = '[{"id":"x"}]';
    expect(signQuickBooksWebhook(body, 'verifier')).toBe(createHmac('sha256', 'verifier').update(body).digest('base64'));
    expect(signQuickBooksWebhook(body, 'verifier')).not.toBe(signQuickBooksWebhook('[{"id": "x"}]', 'verifier'));
  });
});
