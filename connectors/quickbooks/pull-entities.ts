import type { ConnectorContext, PullOptions, PullPage, PulledRecord } from '../connector.js';
import type { QuickBooksEntity } from '../../mappings/quickbooks/quickbooks-entity.js';
import { callQuickBooks } from './call-quickbooks.js';
import { qbo } from './create-quickbooks-client.js';
import { FINDERS, PAGE_SIZE, quickBooksTime, type QuickBooksEntityType } from './entity-types.js';

export interface QuickBooksCursor {
  /** Metadata.LastUpdatedTime (ms) of the newest record stored. */
  since: number | null;
}

export function toPulled(type: QuickBooksEntityType, entity: QuickBooksEntity): PulledRecord {
  const updated = Date.parse(entity.MetaData?.LastUpdatedTime ?? '');
  const deleted = (entity as { status?: string }).status === 'Deleted';
  return { objectType: type, externalId: entity.Id, updatedAt: Number.isNaN(updated) ? null : updated, deleted, raw: deleted ? { tombstone: true, ...entity } : entity };
}

/**
 * Query pass ordered by Metadata.LastUpdatedTime, STARTPOSITION/MAXRESULTS paging, starting an
 * overlap window behind the cursor. A pass that started from no cursor lists every live entity,
 * so the engine's sweep marks what it no longer lists as deleted.
 */
export async function* pullEntities(ctx: ConnectorContext, type: QuickBooksEntityType, options: PullOptions): AsyncGenerator<PullPage> {
  const start = (options.cursor as QuickBooksCursor | null)?.since ?? null;
  let since = start;
  for (let position = 1; ; position += PAGE_SIZE) {
    const criteria: unknown[] = [
      ...(start != null ? [{ field: 'Metadata.LastUpdatedTime', value: quickBooksTime(start - options.overlapMs), operator: '>=' }] : []),
      { field: 'asc', value: 'Metadata.LastUpdatedTime' },
      { field: 'limit', value: PAGE_SIZE },
      { field: 'offset', value: position },
    ];
    const body = await callQuickBooks(ctx, (client) => qbo<{ QueryResponse?: Record<string, QuickBooksEntity[] | number> }>((done) => FINDERS[type](client, criteria, done as (e: unknown, b: unknown) => void)));
    const entities = (body.QueryResponse?.[type] as QuickBooksEntity[] | undefined) ?? [];
    const records = entities.map((entity) => toPulled(type, entity));
    for (const record of records) if (record.updatedAt != null && (since == null || record.updatedAt > since)) since = record.updatedAt;
    const last = entities.length < PAGE_SIZE;
    yield { records, cursor: { since } satisfies QuickBooksCursor, complete: start == null && last };
    if (last) return;
  }
}
