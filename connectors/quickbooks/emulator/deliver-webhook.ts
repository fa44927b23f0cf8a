/**
 * Intuit's webhook deliveries: CloudEvents (a JSON array, Intuit's format since November 2025)
 * or the older `eventNotifications` document, signed with `intuit-signature` = base64
 * HMAC-SHA256 of the exact body bytes, keyed with the app's verifier token. Both are thin: they
 * name entities, and the receiver fetches them.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { QboChange, QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';

export interface QuickBooksCloudEvent {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  time: string;
  datacontenttype: 'application/json';
  intuitentityid: string;
  intuitaccountid: string;
  data: { Id: string };
}

const ACTIONS: Record<QboChange['operation'], string> = { Create: 'created', Update: 'updated', Delete: 'deleted', Void: 'voided' };

export function cloudEventsFor(store: QuickBooksEmulatorStore, changes: readonly QboChange[]): QuickBooksCloudEvent[] {
  return changes.map((change) => ({
    specversion: '1.0',
    id: randomUUID(),
    type: `qbo.${change.entity.toLowerCase()}.${ACTIONS[change.operation]}.v1`,
    source: 'intuit.com/qbo',
    time: new Date(change.at).toISOString(),
    datacontenttype: 'application/json',
    intuitentityid: change.id,
    intuitaccountid: store.realmId,
    data: { Id: change.id },
  }));
}

/** The format Intuit sent before CloudEvents (operation Create/Update/Delete/Void, lastUpdated in UTC). */
export function legacyNotificationFor(store: QuickBooksEmulatorStore, changes: readonly QboChange[]): unknown {
  return {
    eventNotifications: [
      {
        realmId: store.realmId,
        dataChangeEvent: { entities: changes.map((change) => ({ name: change.entity, id: change.id, operation: change.operation, lastUpdated: new Date(change.at).toISOString().replace(/\.\d{3}Z$/, '.000Z') })) },
      },
    ],
  };
}

export function signQuickBooksWebhook(body: string | Buffer, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(body).digest('base64');
}

/** Posts a notification as Intuit does; `body` wins over `payload` when the exact bytes matter. */
export async function deliverQuickBooksWebhook(input: { postTo: string; verifierToken: string; payload?: unknown; body?: string }): Promise<Response> {
  const body = input.body ?? JSON.stringify(input.payload);
  return fetch(input.postTo, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'intuit-signature': signQuickBooksWebhook(body, input.verifierToken), 'user-agent': 'intuit-webhooks' },
    body,
  });
}
