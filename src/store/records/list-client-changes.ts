import type { Queryable } from '../store.js';

export interface ClientChangeRow {
  changeId: number;
  change: string;
  changeVersion: number;
  at: number;
  recordId: number;
  connectionId: number;
  kind: string;
  provider: string;
  data: string;
  /** The record's newest logged version (record_changes), not its row version: a re-map bumps that without logging. */
  version: number;
}

export interface ClientChangesWindow {
  /** Only changes with an id after this one, up to `throughChangeId` (the digest's window). */
  afterChangeId?: number;
  throughChangeId?: number;
  limit: number;
  offset?: number;
}

/**
 * One client's logged changes (created, updated) of live records of the given kinds, newest first,
 * from record_changes joined to the client's records: another client's change is never returned.
 * An invoice that is a copy of a bill shown through another copy (invoice_matches) is left out.
 * What the JSON data decides (a task's visibility, a draft, a deal not won) the caller filters.
 */
export async function listClientChanges(q: Queryable, clientId: number, kinds: readonly string[], window: ClientChangesWindow): Promise<ClientChangeRow[]> {
  if (kinds.length === 0) return [];
  let query = q
    .selectFrom('records as r')
    .innerJoin('record_changes as rc', 'rc.record_id', 'r.id')
    .select((eb) => [
      'rc.id as changeId',
      'rc.change as change',
      'rc.version as changeVersion',
      'rc.at as at',
      'r.id as recordId',
      'r.connection_id as connectionId',
      'r.kind as kind',
      'r.provider as provider',
      'r.data as data',
      eb.selectFrom('record_changes as m').select((m) => m.fn.max('m.version').as('v')).whereRef('m.record_id', '=', 'r.id').as('version'),
    ])
    .where('r.client_id', '=', clientId)
    .where('r.deleted', '=', 0)
    .where('rc.change', '!=', 'deleted')
    .where('r.kind', 'in', kinds)
    .where((eb) =>
      eb.or([
        eb('r.kind', '!=', 'invoice'),
        eb.not(eb.exists(eb.selectFrom('invoice_matches as im').select('im.record_id').whereRef('im.record_id', '=', 'r.id').whereRef('im.group_id', '!=', 'r.id'))),
      ]),
    );
  if (window.afterChangeId !== undefined) query = query.where('rc.id', '>', window.afterChangeId);
  if (window.throughChangeId !== undefined) query = query.where('rc.id', '<=', window.throughChangeId);
  const rows = await query.orderBy('rc.at', 'desc').orderBy('rc.id', 'desc').limit(window.limit).offset(window.offset ?? 0).execute();
  return rows.map((row) => ({ ...row, version: Number(row.version ?? 0) }));
}
