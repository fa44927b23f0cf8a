import { cursorAfterPass, type ConnectorContext, type PullOptions, type PullPage, type PulledRecord } from '../../src/connector-kit/index.js';
import { attachParticipants } from './attach-participants.js';
import { listPage } from './list-page.js';
import { toMillis, toPipedriveTime, type ListedObjectType, type PipedriveDeal } from './pipedrive-records.js';
import { pipedriveSettings } from './settings.js';

type PassKind = 'full' | 'changes' | 'deleted';

/** How long Pipedrive keeps deleted deals listable. */
const DELETED_DEALS_KEPT_MS = 30 * 86_400_000;

/** Where an unfinished pass stands: resumed after a crash or a rate-limit pause instead of started again. */
interface OpenPass {
  kind: PassKind;
  startedAt: number;
  updatedSince?: string;
  /** v2's opaque cursor to the next page; absent: the pass's first page. */
  cursor?: string;
}

export interface ListCursor {
  /** Newest update_time (ms) stored; after a finished pass, when it started less the overlap. */
  since: number | null;
  /** When the last finished full listing started (deletions are seen by listing everything). */
  listedAllAt: number | null;
  pass?: OpenPass;
}

/**
 * Incremental pull through the v2 list endpoints, oldest change first, cursor-paginated:
 * - a full listing first; for organizations and persons again every PIPEDRIVE_FULL_PASS_HOURS:
 *   v2 lists leave them out once deleted, so what a full listing no longer shows was deleted (the
 *   engine marks it so, `complete`); webhooks report deletions sooner;
 * - in between, `updated_since` the cursor less the overlap (Pipedrive's clock and ours differ);
 * - deals also list `status=deleted` since then (Pipedrive keeps deleted deals 30 days), so they are
 *   listed in full again only when the cursor is older than that;
 * - each page carries the pass's own v2 cursor, so a run that stops part-way resumes there.
 * Chosen over /v1/recents: v2 lists cost fewer tokens, page by cursor, and say deleted deals are deleted.
 */
export async function* pullListedObjects(ctx: ConnectorContext, objectType: ListedObjectType, options: PullOptions): AsyncGenerator<PullPage> {
  const previous = options.cursor as ListCursor | null;
  const settings = pipedriveSettings.read(ctx.config);
  let since = previous?.since ?? null;
  const listedAllAt = previous?.listedAllAt ?? null;
  let pass: OpenPass;
  // A full listing that this run read from its first page is the only one that proves absence.
  let freshFull = false;
  if (previous?.pass) {
    pass = previous.pass;
  } else {
    const startedAt = Date.now();
    const full =
      previous == null ||
      listedAllAt == null ||
      // Deals list their deletions (status=deleted, kept 30 days): they need listing in full only once the cursor is older.
      (objectType === 'deals' ? since == null || startedAt - since >= DELETED_DEALS_KEPT_MS : startedAt - listedAllAt >= settings.fullPassHours * 3_600_000);
    freshFull = full;
    pass = full ? { kind: 'full', startedAt } : { kind: 'changes', startedAt, updatedSince: toPipedriveTime(Math.max(0, (since ?? 0) - options.overlapMs)) };
  }

  for (;;) {
    const page = await listPage(ctx, objectType, { updatedSince: pass.updatedSince, cursor: pass.cursor, status: pass.kind === 'deleted' ? 'deleted' : undefined });
    if (objectType === 'deals') await attachParticipants(ctx, page.items as PipedriveDeal[]);
    const records: PulledRecord[] = page.items.map((item) => {
      const updatedAt = toMillis(item.update_time);
      const deleted = pass.kind === 'deleted' || item.is_deleted === true || (item as PipedriveDeal).status === 'deleted';
      return { objectType, externalId: String(item.id), updatedAt, deleted, raw: item };
    });
    for (const record of records) if (record.updatedAt != null && (since == null || record.updatedAt > since)) since = record.updatedAt;

    let next: OpenPass | undefined;
    if (page.nextCursor) next = { ...pass, cursor: page.nextCursor };
    else if (pass.kind === 'changes' && objectType === 'deals') next = { kind: 'deleted', startedAt: pass.startedAt, updatedSince: pass.updatedSince };
    if (next) {
      yield { records, cursor: { since, listedAllAt, pass: next } satisfies ListCursor };
      pass = next;
      continue;
    }
    const finished: ListCursor = {
      since: cursorAfterPass(since, pass.startedAt, options.overlapMs),
      // A full listing resumed part-way proved nothing about absence: the next run lists in full again.
      listedAllAt: pass.kind === 'full' && freshFull ? pass.startedAt : listedAllAt,
    };
    yield { records, cursor: finished, complete: pass.kind === 'full' && freshFull };
    return;
  }
}
