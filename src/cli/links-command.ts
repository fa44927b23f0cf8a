import type { AppContext } from '../app/app-context.js';
import { listLinkReviews } from '../identity/list-link-reviews.js';
import { resolveLinkReview, type ReviewAnswer } from '../identity/resolve-link-review.js';
import { linkRecordManually } from '../identity/link-record-manually.js';
import { releaseRecordLink } from '../identity/release-record-link.js';
import { relinkWorkspace } from '../identity/relink-workspace.js';
import { mergeClients } from '../identity/merge-clients.js';
import type { Queryable } from '../store/store.js';
import { hasRowWithId } from '../store/common/has-row-with-id.js';
import { findRecordLinkDetails } from '../store/identity/find-record-link-details.js';
import { listClientsWithCounts } from '../store/clients/list-clients-with-counts.js';
import { printRows, UsageError, type Row } from './cli-output.js';

export const LINKS_USAGE = `  links [review]                the review queue: records the rules would not link alone
  links answer <review> link <client> | none | dismiss
  links set <record> <client|none>   a manual decision (sync never changes it)
  links release <record>        hand a record back to the rules
  links show <record>           which client a record belongs to, and how
  links relink                  re-evaluate every record from the cache
  clients                       list clients
  clients merge <from> <into>   merge two clients that are one company`;

const CLI_ACTOR = { type: 'cli' as const, id: process.env.USER ?? 'cli' };

function id(value: string | undefined, what: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new UsageError(`${what} must be a number, got "${value ?? ''}"`);
  return parsed;
}

const TABLES = { review: 'link_reviews', record: 'records', client: 'clients', connection: 'connections', 'dead letter': 'dead_letters', run: 'sync_runs' } as const;

/** An id the user typed that names nothing is refused with a sentence (exit 2) before anything is changed. */
export async function existingId(q: Queryable, value: string | undefined, what: keyof typeof TABLES): Promise<number> {
  const parsed = id(value, what);
  if (!(await hasRowWithId(q, TABLES[what], parsed))) throw new UsageError(`There is no ${what} ${parsed}.`);
  return parsed;
}

/** `clienthub links ...`: staff decisions on which client a record belongs to, from a terminal. */
export async function runLinksCommand(app: AppContext, args: string[], json = false): Promise<void> {
  const [action = 'review', ...rest] = args;
  const base = { workspaceId: app.workspaceId, actor: CLI_ACTOR, rules: app.config.identity };
  switch (action) {
    case 'review':
      printRows((await listLinkReviews(app.store.db, app.workspaceId)).map((r) => ({ review: r.id, record: r.recordId, provider: r.provider, object: `${r.objectType} ${r.externalId}`, name: r.recordName, reason: r.reason, candidates: r.candidates.map((c) => `${c.clientId} ${c.clientName} (${c.detail})`).join('; ') })), { json, empty: 'The review queue is empty.' });
      return;
    case 'answer': {
      const [reviewId, verb, clientId] = rest;
      const answer: ReviewAnswer = verb === 'link' ? { action: 'link', clientId: id(clientId, 'client') } : verb === 'none' ? { action: 'none' } : verb === 'dismiss' ? { action: 'dismiss' } : (() => { throw new UsageError('answer with: link <client> | none | dismiss'); })();
      await resolveLinkReview(app.store, { ...base, reviewId: await existingId(app.store.db, reviewId, 'review'), answer });
      console.log(`Review ${reviewId} answered (${verb}).`);
      return;
    }
    case 'set': {
      const [recordId, clientId] = rest;
      await linkRecordManually(app.store, { ...base, recordId: await existingId(app.store.db, recordId, 'record'), clientId: clientId === 'none' ? null : await existingId(app.store.db, clientId, 'client') });
      console.log(`Record ${recordId} now belongs to ${clientId === 'none' ? 'no client' : `client ${clientId}`} (manual).`);
      return;
    }
    case 'release': {
      const after = await releaseRecordLink(app.store, { ...base, recordId: await existingId(app.store.db, rest[0], 'record') });
      console.log(`Record ${rest[0]} is decided by the rules again: ${after === null ? 'no client' : `client ${after}`}.`);
      return;
    }
    case 'show': {
      const found = await findRecordLinkDetails(app.store.db, await existingId(app.store.db, rest[0], 'record'), app.workspaceId);
      if (!found) throw new UsageError(`There is no record ${rest[0]} in this workspace.`);
      const { confidence: _confidence, ...row } = found;
      console.log(json ? JSON.stringify(row, null, 2) : row);
      return;
    }
    case 'relink': {
      const summary = await relinkWorkspace(app);
      console.log(`Relinked from the cache in ${summary.ms} ms: ${summary.evaluated} evaluated, ${summary.linked} linked, ${summary.unlinked} unlinked, ${summary.reviewed} sent to review.`);
      return;
    }
    default:
      throw new UsageError(`Unknown links action "${action}".\n${LINKS_USAGE}`);
  }
}

export async function runClientsCommand(app: AppContext, args: string[], json = false): Promise<void> {
  if (args[0] === 'merge') {
    const result = await mergeClients(app.store, { workspaceId: app.workspaceId, fromClientId: await existingId(app.store.db, args[1], 'client'), intoClientId: await existingId(app.store.db, args[2], 'client'), actor: CLI_ACTOR, rules: app.config.identity });
    console.log(`Client ${args[1]} merged into ${args[2]}: ${result.movedRecords} records and ${result.movedUsers} portal users moved.`);
    return;
  }
  if (args[0] !== undefined) throw new UsageError(`Unknown clients action "${args[0]}": clients | clients merge <from> <into>`);
  printRows((await listClientsWithCounts(app.store.db, app.workspaceId)) as Row[], { json, empty: 'No clients yet.' });
}
