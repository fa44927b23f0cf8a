import type { Queryable } from '../store.js';

/**
 * The contacts and deals of a connection that point at a company (record_refs) and belong to no
 * client yet become the client's; returns how many.
 */
export async function updateCompanyRecordsClient(q: Queryable, where: { connectionId: number; companyExternalId: string }, clientId: number): Promise<number> {
  const result = await q
    .updateTable('records')
    .set({ client_id: clientId })
    .where('connection_id', '=', where.connectionId)
    .where('client_id', 'is', null)
    .where('kind', 'in', ['contact', 'deal'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('record_refs as x')
          .select('x.record_id')
          .whereRef('x.record_id', '=', 'records.id')
          .where('x.ref_kind', '=', 'company')
          .where('x.external_id', '=', where.companyExternalId),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
