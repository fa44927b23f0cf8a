import { type ConnectorContext, type PullOptions, type PullPage, type PulledRecord, cursorAfterPass } from '../../src/connector-kit/index.js';
import type { QuickBooksEntity } from './quickbooks-entity.js';
import { callQuickBooks } from './call-quickbooks.js';
import { qbo } from './create-quickbooks-client.js';
import { FINDERS, PAGE_SIZE, quickBooksTime, type QuickBooksEntityType } from './entity-types.js';

/** CDC answers for the last 30 days only, and at most 1 000 objects per call. */
export const CDC_LOOKBACK_MS = 30 * 24 * 3600_000;
export const CDC_MAX_OBJECTS = 1000;

export interface QuickBooksCursor {
  /** Metadata.LastUpdatedTime (ms) of the newest record stored; after a completed pass, when that pass started (less the overlap). */
  since: number | null;
}

export function toPulled(type: QuickBooksEntityType, entity: QuickBooksEntity): PulledRecord {
  const updated = Date.parse(entity.MetaData?.LastUpdatedTime ?? '');
  // QuickBooks never deletes a customer: it makes it inactive ("deleted" in its UI). For the portal that is gone.
  const deleted = (entity as { status?: string }).status === 'Deleted' || (type === 'Customer' && (entity as { Active?: boolean }).Active === false);
  return { objectType: type, externalId: entity.Id, updatedAt: Number.isNaN(updated) ? null : updated, deleted, raw: deleted ? { tombstone: true, ...entity } : entity };
}

/**
 * A full pass (no cursor, or one older than CDC reaches) queries every entity ordered by
 * Metadata.LastUpdatedTime with STARTPOSITION/MAXRESULTS paging, so the engine's sweep marks what it
 * no longer lists as deleted. An incremental pass asks CDC alone, from an overlap window behind the
 * cursor: it answers with the full payload of every entity changed since, deleted ones included, in
 * one request, however large the company. Only when CDC's answer hits its 1 000-object cap does the
 * pass query the changes page by page, and the next run lists everything (the deletions it cut off
 * are found by the sweep).
 */
export async function* pullEntities(ctx: ConnectorContext, type: QuickBooksEntityType, options: PullOptions): AsyncGenerator<PullPage> {
  const startedAt = Date.now();
  let start = (options.cursor as QuickBooksCursor | null)?.since ?? null;
  if (start != null && Date.now() - (start - options.overlapMs) > CDC_LOOKBACK_MS) {
    // Deletions older than CDC reaches are only found by listing everything again.
    ctx.logger.warn('QuickBooks cursor is older than CDC reaches (30 days): running a full pass', { objectType: type });
    start = null;
  }
  let deletions: PulledRecord[] = [];
  if (start != null) {
    const changedSince = quickBooksTime(start - options.overlapMs);
    const cdc = await callQuickBooks(ctx, (client) => qbo<CdcAnswer>((done) => client.changeDataCapture([type], changedSince, done as (e: unknown, b: unknown) => void)));
    const changed = (cdc.CDCResponse?.[0]?.QueryResponse ?? []).flatMap((response) => (response[type] as QuickBooksEntity[] | undefined) ?? []);
    const records = changed.map((entity) => toPulled(type, entity));
    if (changed.length < CDC_MAX_OBJECTS) {
      yield { records, cursor: { since: cursorAfterPass(newest(records, start), startedAt, options.overlapMs) } satisfies QuickBooksCursor };
      return;
    }
    ctx.logger.warn('QuickBooks CDC answer hit its 1 000-object cap: querying the changes, and the next run is a full pass', { objectType: type });
    deletions = records.filter((record) => (record.raw as { status?: string }).status === 'Deleted');
  }
  let since = start;
  for (let position = 1; ; position += PAGE_SIZE) {
    const criteria: unknown[] = [
      ...activeAndInactive(type),
      ...(start != null ? [{ field: 'Metadata.LastUpdatedTime', value: quickBooksTime(start - options.overlapMs), operator: '>=' }] : []),
      { field: 'asc', value: 'Metadata.LastUpdatedTime' },
      { field: 'limit', value: PAGE_SIZE },
      { field: 'offset', value: position },
    ];
    const body = await callQuickBooks(ctx, (client) => qbo<{ QueryResponse?: Record<string, QuickBooksEntity[] | number> }>((done) => FINDERS[type](client, criteria, done as (e: unknown, b: unknown) => void)));
    const entities = (body.QueryResponse?.[type] as QuickBooksEntity[] | undefined) ?? [];
    const records = entities.map((entity) => toPulled(type, entity));
    since = newest(records, since);
    const last = entities.length < PAGE_SIZE;
    // A full pass ends here, having seen everything changed before it started.
    const cursor: QuickBooksCursor = { since: start == null && last ? cursorAfterPass(since, startedAt, options.overlapMs) : since };
    yield { records, cursor, complete: start == null && last };
    if (last) break;
  }
  // After a capped CDC answer: the deletions it did carry, and a cursor that makes the next run a full pass.
  if (start != null) yield { records: deletions, cursor: { since: null } satisfies QuickBooksCursor };
}

function newest(records: PulledRecord[], since: number | null): number | null {
  for (const record of records) if (record.updatedAt != null && (since == null || record.updatedAt > since)) since = record.updatedAt;
  return since;
}

/** Queries list only active customers unless asked: inactive ones must be seen to be marked deleted. */
export function activeAndInactive(type: QuickBooksEntityType): unknown[] {
  return type === 'Customer' ? [{ field: 'Active', value: [true, false], operator: 'IN' }] : [];
}

interface CdcAnswer {
  CDCResponse?: { QueryResponse?: Record<string, unknown>[] }[];
}
