import type { Queryable } from '../store.js';

/** The client a deal record already provisioned, or undefined when it never did (provisionings is unique per deal). */
export async function findDealProvisioning(q: Queryable, dealRecordId: number): Promise<number | undefined> {
  const row = await q.selectFrom('provisionings').select('client_id').where('deal_record_id', '=', dealRecordId).executeTakeFirst();
  return row?.client_id;
}
