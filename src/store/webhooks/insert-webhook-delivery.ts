import type { Queryable } from '../store.js';

export interface NewWebhookDelivery {
  provider: string;
  connectionId: number | null;
  receivedAt: number;
  status: 'accepted' | 'rejected';
  reason: string | null;
  /** JSON of the stored headers. */
  headers: string;
  /** The body as stored (a rejected delivery's is only its start). */
  body: string;
  bodyBytes: number;
  bodySha256: string;
  eventCount: number;
  remoteIp: string | null;
}

/** Stores one delivery as received; returns its id. */
export async function insertWebhookDelivery(q: Queryable, delivery: NewWebhookDelivery): Promise<number> {
  const row = await q
    .insertInto('webhook_deliveries')
    .values({
      provider: delivery.provider,
      connection_id: delivery.connectionId,
      received_at: delivery.receivedAt,
      status: delivery.status,
      reason: delivery.reason,
      headers: delivery.headers,
      body: delivery.body,
      body_bytes: delivery.bodyBytes,
      body_sha256: delivery.bodySha256,
      event_count: delivery.eventCount,
      remote_ip: delivery.remoteIp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
