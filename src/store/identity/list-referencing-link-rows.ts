import type { Queryable } from '../store.js';
import { selectLinkRows, type LinkRow } from './link-row.js';

/**
 * Live records of one kind in a connection that reference a record by its provider id through
 * record_refs: the payments of an invoice that name no customer themselves, the quotes of a deal.
 */
export async function listReferencingLinkRows(
  q: Queryable,
  where: { connectionId: number; kind: 'payment' | 'quote'; refKind: 'invoice' | 'deal'; externalId: string; withoutCustomer?: boolean },
): Promise<LinkRow[]> {
  let select = selectLinkRows(q)
    .where('r.connection_id', '=', where.connectionId)
    .where('r.deleted', '=', 0)
    .where('r.kind', '=', where.kind)
    .where((eb) => eb.exists(eb.selectFrom('record_refs as x').select('x.record_id').whereRef('x.record_id', '=', 'r.id').where('x.ref_kind', '=', where.refKind).where('x.external_id', '=', where.externalId)));
  if (where.withoutCustomer) select = select.where('r.customer_external_id', 'is', null);
  return (await select.orderBy('r.id').execute()) as LinkRow[];
}
