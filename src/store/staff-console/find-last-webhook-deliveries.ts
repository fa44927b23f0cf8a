import type { Queryable } from '../store.js';

export interface LastWebhookDeliveries {
  /** When a delivery was last verified and accepted. */
  acceptedAt: number | null;
  /** The newest refused delivery, and why. */
  rejected: { at: number; reason: string | null } | null;
}

/** The newest accepted and refused deliveries of a provider for one connection (or not tied to one). */
export async function findLastWebhookDeliveries(q: Queryable, provider: string, connectionId: number): Promise<LastWebhookDeliveries> {
  const scoped = q
    .selectFrom('webhook_deliveries')
    .where('provider', '=', provider)
    .where((eb) => eb.or([eb('connection_id', '=', connectionId), eb('connection_id', 'is', null)]));
  const accepted = await scoped.select((eb) => eb.fn.max('received_at').as('at')).where('status', '=', 'accepted').executeTakeFirst();
  const rejected = await scoped.select(['received_at as at', 'reason']).where('status', '=', 'rejected').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return { acceptedAt: accepted?.at == null ? null : Number(accepted.at), rejected: rejected ?? null };
}
