import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../schema.js';
import type { Queryable } from '../store.js';

export interface UnlinkedRecordQuery {
  workspaceId: number;
  provider?: string;
  kind?: string;
  /**
   * Text the stored record must contain somewhere in its data (JSON as stored) or its provider id,
   * case folded on both sides: a coarse filter the caller refines on the parsed data.
   */
  contains?: string;
}

export interface UnlinkedRecordRow {
  id: number;
  provider: string;
  kind: string;
  objectType: string;
  externalId: string;
  data: string;
  syncedAt: number;
}

type Joined = SelectQueryBuilder<DB & { r: DB['records']; l: DB['record_links'] }, 'r' | 'l', object>;

/** LIKE with the given text taken literally: %, _ and \ are escaped (ESCAPE '\' on both engines). */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Live records of the workspace that belong to no client and that nobody decided about (no manual
 * link decision), other than the team's own people.
 */
function unlinked(q: Queryable, query: UnlinkedRecordQuery): Joined {
  let select = q
    .selectFrom('records as r')
    .leftJoin('record_links as l', 'l.record_id', 'r.id')
    .where('r.workspace_id', '=', query.workspaceId)
    .where('r.client_id', 'is', null)
    .where('r.deleted', '=', 0)
    .where('r.kind', '!=', 'team_member')
    .where((eb) => eb.or([eb('l.manual', 'is', null), eb('l.manual', '=', 0)])) as unknown as Joined;
  if (query.provider) select = select.where('r.provider', '=', query.provider);
  if (query.kind) select = select.where('r.kind', '=', query.kind);
  if (query.contains) {
    const pattern = likePattern(query.contains);
    select = select.where((eb: ExpressionBuilder<DB & { r: DB['records']; l: DB['record_links'] }, 'r' | 'l'>) =>
      eb.or([sql<boolean>`lower(CAST(r.data AS TEXT)) LIKE ${pattern} ESCAPE '\\'`, sql<boolean>`lower(r.external_id) LIKE ${pattern} ESCAPE '\\'`]),
    );
  }
  return select;
}

/** The matching records in provider, kind, id order; a page of them with limit/offset. */
export async function listUnlinkedRecordRows(q: Queryable, query: UnlinkedRecordQuery, page?: { limit: number; offset: number }): Promise<UnlinkedRecordRow[]> {
  let select = unlinked(q, query)
    .select(['r.id', 'r.provider', 'r.kind', 'r.object_type as objectType', 'r.external_id as externalId', 'r.data', 'r.synced_at as syncedAt'])
    .orderBy('r.provider')
    .orderBy('r.kind')
    .orderBy('r.id');
  if (page) select = select.limit(page.limit).offset(page.offset);
  return (await select.execute()) as UnlinkedRecordRow[];
}

/** How many records match. */
export async function countUnlinkedRecords(q: Queryable, query: UnlinkedRecordQuery): Promise<number> {
  const row = await unlinked(q, query)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number((row as { n: unknown }).n);
}

/** Unlinked records of the workspace per provider and kind (no other filter): where the gaps are. */
export async function countUnlinkedByProviderAndKind(q: Queryable, workspaceId: number): Promise<{ provider: string; kind: string; count: number }[]> {
  const rows = await unlinked(q, { workspaceId })
    .select((eb) => ['r.provider', 'r.kind', eb.fn.countAll().as('count')])
    .groupBy(['r.provider', 'r.kind'])
    .orderBy('r.provider')
    .orderBy('r.kind')
    .execute();
  return (rows as { provider: string; kind: string; count: unknown }[]).map((row) => ({ provider: row.provider, kind: row.kind, count: Number(row.count) }));
}

/** Which of these records wait in the open review queue. */
export async function listRecordsInOpenReview(q: Queryable, recordIds: number[]): Promise<Set<number>> {
  if (recordIds.length === 0) return new Set();
  const rows = await q.selectFrom('link_reviews').select('record_id').distinct().where('record_id', 'in', recordIds).where('status', '=', 'open').execute();
  return new Set(rows.map((row) => row.record_id));
}
