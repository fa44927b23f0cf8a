import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { XeroEmulatorStore } from './xero-emulator-store.js';
import { signXeroWebhook, webhookPayloadFor } from './deliver-webhook.js';
import { parseXeroWebhook } from '../webhook.js';

describe('Xero webhook payloads', () => {
  it('turns the change log into thin events the connector parses, sequences counting up', () => {
    const store = new XeroEmulatorStore({ now: () => Date.parse('2026-11-20T10:00:00.123Z') });
    const contact = store.createContact({ name: 'Initech' });
    const invoice = store.createInvoice({ contactId: contact.ContactID as string, lines: [{ description: 'Audit', unitAmount: 10 }], date: '2026-11-20', dueDate: '2026-12-20' });
    const payload = webhookPayloadFor(store, store.changes);
    expect(payload.lastEventSequence - payload.firstEventSequence).toBe(store.changes.length - 1);
    expect(payload.entropy).toMatch(/^[A-Z]{20}$/);
    expect(payload.events.at(-1)).toEqual({
      resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${invoice.InvoiceID as string}`,
      resourceId: invoice.InvoiceID,
      tenantId: store.tenantId,
      tenantType: 'ORGANISATION',
      eventCategory: 'INVOICE',
      eventType: 'CREATE',
      eventDateUtc: '2026-11-20T10:00:00.123',
    });
    const parsed = parseXeroWebhook({ method: 'POST', url: 'http://hub.test/webhooks/xero', headers: {}, rawBody: Buffer.from(JSON.stringify(payload)), receivedAt: Date.now() });
    expect(parsed).toMatchObject({ ok: true, events: [{ objectType: 'Contact' }, { objectType: 'Contact', action: 'changed' }, { objectType: 'Invoice', externalId: invoice.InvoiceID, occurredAt: Date.parse('2026-11-20T10:00:00.123Z') }] });
    expect(webhookPayloadFor(store, store.changes.slice(0, 1)).firstEventSequence).toBe(payload.lastEventSequence + 1);
  });

  it('signs the body bytes with the webhook key (base64 HMAC-SHA256)', () => {
    expect(signXeroWebhook('{"events":[]}', 'key')).toBe(createHmac('sha256', 'key').update('{"events":[]}').digest('base64'));
  });
});
