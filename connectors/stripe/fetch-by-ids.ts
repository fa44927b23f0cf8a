import type { ConnectorContext, PulledRecord } from '../../src/connector-kit/index.js';
import { isStripeObjectType, type StripeObjectType } from './object-types.js';
import { readOne } from './read-objects.js';

const ID_PREFIX: Record<StripeObjectType, RegExp> = { Customer: /^cus_\w+$/, Invoice: /^in_\w+$/, PaymentIntent: /^pi_\w+$/ };

/** Current state of each object; Stripe has no batch read, so one retrieve per id. */
export async function fetchStripeObjects(ctx: ConnectorContext, type: StripeObjectType, externalIds: string[]): Promise<PulledRecord[]> {
  const out: PulledRecord[] = [];
  for (const id of new Set(externalIds)) {
    if (!ID_PREFIX[type].test(id)) throw new Error(`Not a Stripe ${type} id: "${id}"`);
    out.push(await readOne(ctx, type, id));
  }
  return out;
}

/** Connector.fetchByIds: ids Stripe no longer has (or reports deleted) come back as tombstones. */
export async function fetchByIds(ctx: ConnectorContext, objectType: string, externalIds: string[]): Promise<PulledRecord[]> {
  if (!isStripeObjectType(objectType)) throw new Error(`Stripe connector cannot fetch "${objectType}"`);
  return fetchStripeObjects(ctx, objectType, externalIds);
}
