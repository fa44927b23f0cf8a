import { sql } from 'kysely';
import type { Queryable } from '../store.js';

export interface DemoSummary {
  /** Records per unified kind. */
  recordsByKind: { kind: string; n: number }[];
  /** The client the demo's won deal provisioned (the demo has one). */
  client: { id: number; name: string } | undefined;
  /** The client's records the portal shows, per provider and kind. */
  visible: { provider: string; kind: string; n: number }[];
  /** Bills kept in several systems and their copies; doubtful pairs waiting for staff. */
  matched: { bills: number; copies: number };
  doubts: number;
  /** Records waiting in the identity review queue. */
  linkReviews: number;
}

/** What `npm run demo` reports once the backfill and the provisioning have run. */
export async function readDemoSummary(q: Queryable): Promise<DemoSummary> {
  const count = sql<number>`count(*)`;
  const recordsByKind = (await q.selectFrom('records').select(['kind', count.as('n')]).groupBy('kind').orderBy('kind').execute()).map((r) => ({ kind: r.kind, n: Number(r.n) }));
  const client = await q.selectFrom('clients').select(['id', 'name']).orderBy('id').executeTakeFirst();
  const linkReviews = Number((await q.selectFrom('link_reviews').select(count.as('n')).where('status', '=', 'open').executeTakeFirstOrThrow()).n);
  if (!client) return { recordsByKind, client, visible: [], matched: { bills: 0, copies: 0 }, doubts: 0, linkReviews };
  const visible = (
    await q
      .selectFrom('records')
      .select(['provider', 'kind', count.as('n')])
      .where('client_id', '=', client.id)
      .where('deleted', '=', 0)
      .where('kind', 'in', ['invoice', 'payment', 'credit_note', 'project', 'task'])
      .groupBy(['provider', 'kind'])
      .orderBy('provider')
      .orderBy('kind')
      .execute()
  ).map((r) => ({ provider: r.provider, kind: r.kind, n: Number(r.n) }));
  const matchedRow = await q
    .selectFrom('invoice_matches')
    .select([sql<number>`count(distinct group_id)`.as('bills'), count.as('copies')])
    .where('client_id', '=', client.id)
    .executeTakeFirstOrThrow();
  const doubts = Number((await q.selectFrom('invoice_match_reviews').select(count.as('n')).where('client_id', '=', client.id).where('status', '=', 'open').executeTakeFirstOrThrow()).n);
  return { recordsByKind, client, visible, matched: { bills: Number(matchedRow.bills), copies: Number(matchedRow.copies) }, doubts, linkReviews };
}
