import type { Queryable } from '../store.js';

/** Open questions for staff: link reviews plus invoice-match reviews of the workspace. */
export async function countOpenReviews(q: Queryable, workspaceId: number): Promise<number> {
  const links = await q.selectFrom('link_reviews').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).where('status', '=', 'open').executeTakeFirstOrThrow();
  const invoices = await q.selectFrom('invoice_match_reviews').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(links.n) + Number(invoices.n);
}
