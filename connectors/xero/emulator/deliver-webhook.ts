/**
 * Xero's webhooks: `{ events, firstEventSequence, lastEventSequence, entropy }`, thin events
 * (resourceUrl, resourceId, eventCategory, eventType, eventDateUtc without zone, tenantId), signed
 * with `x-xero-signature` = base64 HMAC-SHA256 of the body, keyed with the webhook key. Before
 * enabling a subscription Xero checks "intent to receive": an empty, correctly signed batch must
 * get 200 and a wrongly signed one 401.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { XeroChange, XeroEmulatorStore } from './xero-emulator-store.js';

const RESOURCE_PATH: Record<XeroChange['category'], string> = { CONTACT: 'Contacts', INVOICE: 'Invoices', CREDITNOTE: 'CreditNotes' };
let sequence = 1;

const entropy = () => randomBytes(15).toString('base64').replace(/[^A-Z]/gi, '').toUpperCase().padEnd(20, 'X').slice(0, 20);

export function webhookPayloadFor(store: XeroEmulatorStore, changes: readonly XeroChange[]): { events: unknown[]; firstEventSequence: number; lastEventSequence: number; entropy: string } {
  const first = sequence;
  sequence += changes.length;
  return {
    events: changes.map((change) => ({
      resourceUrl: `https://api.xero.com/api.xro/2.0/${RESOURCE_PATH[change.category]}/${change.id}`,
      resourceId: change.id,
      tenantId: store.tenantId,
      tenantType: 'ORGANISATION',
      eventCategory: change.category,
      eventType: change.type,
      eventDateUtc: new Date(change.at).toISOString().slice(0, 23),
    })),
    firstEventSequence: first,
    lastEventSequence: sequence - 1,
    entropy: entropy(),
  };
}

export function signXeroWebhook(body: string | Buffer, webhookKey: string): string {
  return createHmac('sha256', webhookKey).update(body).digest('base64');
}

export async function deliverXeroWebhook(input: { postTo: string; webhookKey: string; payload?: unknown; body?: string }): Promise<Response> {
  const body = input.body ?? JSON.stringify(input.payload);
  return fetch(input.postTo, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xero-signature': signXeroWebhook(body, input.webhookKey) }, body });
}

/** Xero's intent-to-receive check: passes when the receiver answers 200 to a good signature and 401 to a bad one. */
export async function checkIntentToReceive(input: { postTo: string; webhookKey: string }): Promise<{ ok: boolean; validStatus: number; invalidStatus: number }> {
  const probe = () => JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: entropy() });
  const valid = await deliverXeroWebhook({ postTo: input.postTo, webhookKey: input.webhookKey, body: probe() });
  const invalidBody = probe();
  const invalid = await fetch(input.postTo, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xero-signature': signXeroWebhook(invalidBody, `${input.webhookKey}-wrong`) }, body: invalidBody });
  return { ok: valid.status === 200 && invalid.status === 401, validStatus: valid.status, invalidStatus: invalid.status };
}
