import { asanaSettings } from './settings.js';
import type { ConnectorContext, PullOptions, PullPage, PulledRecord } from '../../src/connector-kit/index.js';
import { asanaMillis } from './asana-types.js';
import { listProjectSummaries } from './list-projects.js';
import { listTaskPages } from './list-tasks.js';
import { freshSyncToken, readEventBatch, type AsanaEvent } from './read-project-events.js';
import { isCommentLike } from './parse-webhook.js';
import { fetchTask } from './fetch-by-ids.js';
import { tombstone, toPulledTask } from './to-pulled.js';
import { searchModifiedTasks, SearchUnavailable, SearchWindowStuck } from './search-modified-tasks.js';
import { touchProjects } from './touched-projects.js';

/** Per project: the events sync token, and when the reading that earned it started (for a modified_since catch-up). */
export interface ProjectSyncState {
  sync: string;
  syncedAt: number;
}

export interface TaskCursor {
  projects: Record<string, ProjectSyncState>;
  /** When the last full listing of every project's tasks finished; null while none has. */
  fullPassAt: number | null;
  /** Paid workspaces (search API): when the last reading of changed tasks started; absent on the events path. */
  searchedAt?: number | null;
}

/**
 * Events and modified_since never report a task deleted while a token was stale, so every project's
 * tasks are listed in full this often, and the engine marks what was not listed as deleted.
 */
export const FULL_PASS_EVERY_MS = 24 * 3600_000;
/** Beyond this many changed tasks in one batch, one modified_since listing beats a request per task. */
export const BULK_FETCH_THRESHOLD = 20;

function readCursor(value: unknown): TaskCursor | null {
  if (!value || typeof value !== 'object' || !('projects' in value)) return null;
  const cursor = value as Partial<TaskCursor>;
  return { projects: cursor.projects ?? {}, fullPassAt: typeof cursor.fullPassAt === 'number' ? cursor.fullPassAt : null, searchedAt: typeof cursor.searchedAt === 'number' ? cursor.searchedAt : null };
}

/**
 * Tasks, per project. A full pass (first run, then daily) takes a sync token for each project
 * *before* listing its tasks, so nothing changed during the listing is missed; then it says the
 * run was complete. In between, each live project's events are read from its token: changed tasks
 * are fetched, deleted ones tombstoned. A 412 (token too old) brings a fresh token, and the project
 * is caught up by listing the tasks modified since its last good read.
 */
export async function* pullTasks(ctx: ConnectorContext, options: PullOptions): AsyncGenerator<PullPage> {
  const previous = readCursor(options.cursor);
  const startedAt = Date.now();
  // Paid workspaces have the search API: one workspace-wide question replaces a request per project.
  const searchable = asanaSettings.read(ctx.config).tier === 'paid';
  if (!previous || previous.fullPassAt == null || startedAt - previous.fullPassAt >= FULL_PASS_EVERY_MS) {
    const projects = await listProjectSummaries(ctx);
    yield* fullPass(ctx, projects.map((p) => p.gid), startedAt, searchable);
    return;
  }
  if (searchable && previous.searchedAt != null) {
    try {
      yield* searchPass(ctx, previous, startedAt, options.overlapMs);
      return;
    } catch (caught) {
      if (caught instanceof SearchWindowStuck) {
        ctx.logger.warn('Asana search cannot move past one instant: listing every project instead', { reason: caught.message });
        yield* fullPass(ctx, (await listProjectSummaries(ctx)).map((p) => p.gid), startedAt, false);
        return;
      }
      if (!(caught instanceof SearchUnavailable)) throw caught;
      ctx.logger.warn('Asana search unavailable: reading each project\'s events instead', { reason: caught.message });
    }
  }
  yield* incrementalPass(ctx, await listProjectSummaries(ctx), previous, options.overlapMs);
}

/**
 * Every project's tasks. On the events path each project's sync token is taken *before* its tasks
 * are listed, so nothing changed during the listing is missed; a searchable workspace needs no
 * tokens (a request per project saved): its next pass searches from when this one started.
 */
async function* fullPass(ctx: ConnectorContext, projectGids: string[], startedAt: number, searchable: boolean): AsyncGenerator<PullPage> {
  const projects: Record<string, ProjectSyncState> = {};
  for (const gid of projectGids) {
    const syncedAt = Date.now();
    const sync = searchable ? null : await freshSyncToken(ctx, gid);
    for await (const page of listTaskPages(ctx, { project: gid })) {
      // fullPassAt stays null until the end: a run cut short starts the full pass again.
      yield { records: page.map(toPulledTask), cursor: { projects: { ...projects }, fullPassAt: null } satisfies TaskCursor };
    }
    if (sync) projects[gid] = { sync, syncedAt };
  }
  yield { records: [], cursor: { projects, fullPassAt: startedAt, searchedAt: searchable ? startedAt : null } satisfies TaskCursor, complete: true };
}

/**
 * Paid workspaces: the tasks modified since the last reading (less the overlap: search lags
 * writes), one search for the whole workspace — O(1) in projects when nothing changed. Search
 * does not report deleted tasks: webhooks bring those at once, the daily full pass sweeps the rest.
 */
async function* searchPass(ctx: ConnectorContext, previous: TaskCursor, startedAt: number, overlapMs: number): AsyncGenerator<PullPage> {
  const since = previous.searchedAt!;
  const cursor = (searchedAt: number): TaskCursor => ({ projects: previous.projects, fullPassAt: previous.fullPassAt, searchedAt });
  for await (const tasks of searchModifiedTasks(ctx, new Date(since - overlapMs))) {
    touchProjects(ctx, tasks.flatMap((task) => (task.memberships ?? []).map((membership) => membership?.project?.gid)));
    yield { records: tasks.map(toPulledTask), cursor: cursor(since) };
  }
  yield { records: [], cursor: cursor(startedAt) };
}

async function* incrementalPass(ctx: ConnectorContext, listed: { gid: string; archived: boolean }[], previous: TaskCursor, overlapMs: number): AsyncGenerator<PullPage> {
  // Projects that no longer exist drop out; archived ones keep their token but are not read (a stale token on unarchiving is a 412 like any other).
  const projects: Record<string, ProjectSyncState> = {};
  for (const { gid } of listed) if (previous.projects[gid]) projects[gid] = previous.projects[gid];
  const cursor = (): TaskCursor => ({ projects: { ...projects }, fullPassAt: previous.fullPassAt });

  for (const { gid, archived } of listed) {
    if (archived) continue;
    const state = projects[gid];
    const syncedAt = Date.now();
    if (!state) {
      // A project created since the last pass: token first, then all its tasks.
      const sync = await freshSyncToken(ctx, gid);
      for await (const page of listTaskPages(ctx, { project: gid })) yield { records: page.map(toPulledTask), cursor: cursor() };
      projects[gid] = { sync, syncedAt };
      continue;
    }
    for (let sync = state.sync; ; ) {
      const batch = await readEventBatch(ctx, gid, sync);
      if (batch.kind === 'expired') {
        ctx.logger.info('Asana sync token expired: catching the project up with modified_since', { project: gid });
        touchProjects(ctx, [gid]);
        const since = new Date(state.syncedAt - overlapMs);
        for await (const page of listTaskPages(ctx, { project: gid }, since)) yield { records: page.map(toPulledTask), cursor: cursor() };
        projects[gid] = { sync: batch.sync, syncedAt };
        break;
      }
      const records = await recordsForEvents(ctx, gid, batch.events, overlapMs);
      if (batch.events.length) touchProjects(ctx, [gid]);
      // The token moves with the page that applied its events.
      projects[gid] = { sync: batch.sync, syncedAt };
      yield { records, cursor: cursor() };
      if (!batch.hasMore) break;
      sync = batch.sync;
    }
  }
  yield { records: [], cursor: cursor() };
}

/** What a batch of a project's events means for its tasks: the last action per task decides. */
export function summariseEvents(events: AsanaEvent[]): { changed: Set<string>; deleted: Map<string, number | null>; sections: Set<string>; earliest: number | null } {
  const last = new Map<string, { deleted: boolean; at: number | null }>();
  const sections = new Set<string>();
  let earliest: number | null = null;
  for (const event of events) {
    const gid = event.resource?.gid;
    if (!gid) continue;
    const at = asanaMillis(event.created_at);
    if (event.resource?.resource_type === 'story' && isCommentLike(event.resource.resource_subtype) && event.parent?.resource_type === 'task' && event.parent.gid) {
      // A comment changes its task (the conversation is read again when it is the conversation task).
      if (!last.get(event.parent.gid)?.deleted) last.set(event.parent.gid, { deleted: false, at });
      if (at != null && (earliest == null || at < earliest)) earliest = at;
    } else if (event.resource?.resource_type === 'task') {
      last.set(gid, { deleted: event.action === 'deleted', at });
      if (at != null && (earliest == null || at < earliest)) earliest = at;
    } else if (event.resource?.resource_type === 'section' && event.action === 'changed') {
      // A renamed section renames the phase of every task in it.
      sections.add(gid);
    }
  }
  const changed = new Set<string>();
  const deleted = new Map<string, number | null>();
  for (const [gid, { deleted: gone, at }] of last) {
    if (gone) deleted.set(gid, at);
    else changed.add(gid);
  }
  return { changed, deleted, sections, earliest };
}

async function recordsForEvents(ctx: ConnectorContext, projectGid: string, events: AsanaEvent[], overlapMs: number): Promise<PulledRecord[]> {
  const { changed, deleted, sections, earliest } = summariseEvents(events);
  const records: PulledRecord[] = [...deleted].map(([gid, at]) => tombstone('Task', gid, at));
  const pending = new Set(changed);
  if (pending.size > BULK_FETCH_THRESHOLD && earliest != null) {
    for await (const page of listTaskPages(ctx, { project: projectGid }, new Date(earliest - overlapMs))) {
      for (const task of page) {
        pending.delete(task.gid);
        if (!deleted.has(task.gid)) records.push(toPulledTask(task));
      }
    }
  }
  // Whatever the listing did not return (removed from the project, few changes): one read each.
  for (const gid of pending) records.push(await fetchTask(ctx, gid));
  for (const section of sections) {
    for await (const page of listTaskPages(ctx, { section })) records.push(...page.map(toPulledTask));
  }
  return records;
}
