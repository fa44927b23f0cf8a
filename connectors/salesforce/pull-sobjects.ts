import { overrideSourcePaths } from '../../src/connector-kit/index.js';
import { type ConnectorContext, type PullOptions, type PullPage, type PulledRecord, cursorAfterPass } from '../../src/connector-kit/index.js';
import type { SalesforceRecord } from './salesforce-record.js';
import { callSalesforce } from './call-salesforce.js';
import { salesforceConnection } from './create-salesforce-connection.js';
import { MULTI_CURRENCY_METADATA_KEY, selectList, soqlDateTime, type SalesforceObjectType } from './sobject-types.js';

/** getDeleted only answers for the last 15 days (the recycle bin's reach). */
export const DELETED_RETENTION_MS = 15 * 24 * 3600_000;

export interface SoqlCursor {
  /** SystemModstamp (ms) of the newest record stored; after a completed pass, when it started (less the overlap). */
  since: number | null;
  /** Up to when deletions have been read with getDeleted (ms). */
  deletionsCheckedTo: number | null;
}

interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: SalesforceRecord[];
}

export function toPulled(type: SalesforceObjectType, record: SalesforceRecord): PulledRecord {
  const modified = Date.parse(String(record.SystemModstamp ?? ''));
  return { objectType: type, externalId: record.Id, updatedAt: Number.isNaN(modified) ? null : modified, deleted: false, raw: record };
}

/**
 * Incremental SOQL on SystemModstamp, strictly ordered by (SystemModstamp, Id) so a resumed
 * run continues where the last saved page ended; pages follow nextRecordsUrl through jsforce.
 * Starts an overlap window behind the cursor. Then deletions since the last check come from
 * getDeleted; a cursor older than Salesforce keeps deletions for restarts with a full pass.
 */
export async function* pullSObjects(ctx: ConnectorContext, type: SalesforceObjectType, options: PullOptions): AsyncGenerator<PullPage> {
  const conn = await salesforceConnection(ctx);
  const cursor = (options.cursor as SoqlCursor | null) ?? { since: null, deletionsCheckedTo: null };
  const startedAt = Date.now();
  if (cursor.deletionsCheckedTo != null && startedAt - cursor.deletionsCheckedTo > DELETED_RETENTION_MS) {
    ctx.logger.warn('Salesforce keeps deletions 15 days and this cursor is older: running a full pass', { objectType: type });
    cursor.since = null;
    cursor.deletionsCheckedTo = null;
  }
  const multiCurrency = ctx.metadata.get<{ value: boolean }>(MULTI_CURRENCY_METADATA_KEY)?.value ?? false;
  const where = cursor.since != null ? ` WHERE SystemModstamp >= ${soqlDateTime(cursor.since - options.overlapMs)}` : '';
  const soql = `SELECT ${selectList(type, multiCurrency, overrideSourcePaths(ctx.config, 'salesforce', type))} FROM ${type}${where} ORDER BY SystemModstamp, Id`;
  const fullPass = cursor.since == null;
  let since = cursor.since;
  let page = (await callSalesforce(ctx, conn, async (c) => await c.query(soql, { autoFetch: false }))) as unknown as QueryPage;
  for (;;) {
    const records = page.records.map((record) => toPulled(type, record));
    for (const record of records) if (record.updatedAt != null && (since == null || record.updatedAt > since)) since = record.updatedAt;
    yield { records, cursor: { since, deletionsCheckedTo: cursor.deletionsCheckedTo } satisfies SoqlCursor, estimatedTotal: page.totalSize };
    if (page.done || !page.nextRecordsUrl) break;
    const locator = page.nextRecordsUrl;
    page = (await callSalesforce(ctx, conn, async (c) => await c.queryMore(locator))) as unknown as QueryPage;
  }

  // A full pass saw every live record; deletions only matter from here on.
  if (cursor.deletionsCheckedTo != null) {
    // getDeleted works in whole minutes: ask from a minute earlier so nothing at the boundary is lost.
    const from = new Date(cursor.deletionsCheckedTo - 60_000);
    const deleted = await callSalesforce(ctx, conn, (c) => c.sobject(type).deleted(from, new Date(startedAt)));
    const tombstones: PulledRecord[] = (deleted.deletedRecords ?? []).map((d) => ({
      objectType: type,
      externalId: d.id,
      updatedAt: Date.parse(d.deletedDate),
      deleted: true,
      raw: { tombstone: true, id: d.id, deletedDate: d.deletedDate },
    }));
    yield { records: tombstones, cursor: { since: cursorAfterPass(since, startedAt, options.overlapMs), deletionsCheckedTo: startedAt } satisfies SoqlCursor };
  } else {
    // A full pass listed every live record: the engine marks the ones it did not list as deleted
    // (this is the reconciliation when getDeleted's 15 days have lapsed).
    yield { records: [], cursor: { since: cursorAfterPass(since, startedAt, options.overlapMs), deletionsCheckedTo: startedAt } satisfies SoqlCursor, complete: fullPass };
  }
}
