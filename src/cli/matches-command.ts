import type { AppContext } from '../app/app-context.js';
import { listInvoiceMatchReviews } from '../billing/list-invoice-match-reviews.js';
import { decideInvoiceMatch } from '../billing/decide-invoice-match.js';
import { refreshInvoiceMatches } from '../billing/refresh-invoice-matches.js';
import { findInvoiceMatchReview } from '../store/billing/find-invoice-match-review.js';
import { DEFAULT_BILLING_CONFIG } from '../config/billing-config.js';
import { printRows, UsageError } from './cli-output.js';

export const MATCHES_USAGE = `  matches [review]                     pairs of invoices that may be one bill in two systems
  matches answer <review> same|different   a staff decision (final, audited)
  matches refresh                      re-match every client's invoices from the cache`;

const CLI_ACTOR = { type: 'cli' as const, id: process.env.USER ?? 'cli' };

/** `clienthub matches ...`: cross-system invoice matching (src/billing) from a terminal. */
export async function runMatchesCommand(app: AppContext, args: string[], json = false): Promise<void> {
  const [action = 'review', ...rest] = args;
  const config = app.config.billing ?? DEFAULT_BILLING_CONFIG;
  switch (action) {
    case 'review':
      printRows(
        (await listInvoiceMatchReviews(app.store.db, app.workspaceId)).map((r) => ({
          review: r.id,
          client: r.clientName,
          reason: r.reason,
          a: `${r.a.provider} ${r.a.number ?? r.a.externalId} (record ${r.a.recordId})`,
          b: `${r.b.provider} ${r.b.number ?? r.b.externalId} (record ${r.b.recordId})`,
          evidence: r.evidence.join('; '),
        })),
        { json, empty: 'No invoice pair waits for review.' },
      );
      return;
    case 'answer': {
      const [reviewText, decision] = rest;
      const reviewId = Number(reviewText);
      if (!Number.isInteger(reviewId) || reviewId <= 0) throw new UsageError(`review must be a number, got "${reviewText ?? ''}"`);
      if (decision !== 'same' && decision !== 'different') throw new UsageError('answer with: same | different');
      const review = await findInvoiceMatchReview(app.store.db, app.workspaceId, reviewId);
      if (!review) throw new UsageError(`There is no invoice review ${reviewId}.`);
      await decideInvoiceMatch(app.store, { workspaceId: app.workspaceId, recordA: review.recordA, recordB: review.recordB, decision, actor: CLI_ACTOR, config, reviewId });
      console.log(`Review ${reviewId} answered: ${decision === 'same' ? 'one bill' : 'two bills'} (final).`);
      return;
    }
    case 'refresh': {
      const summary = await app.store.transaction((tx) => refreshInvoiceMatches(tx, app.workspaceId, config), { isolation: 'serializable' });
      console.log(`${summary.groups} bill(s) kept in several systems (${summary.matched} copies); ${summary.reviewsOpened} pair(s) sent to review, ${summary.reviewsWithdrawn} withdrawn.`);
      return;
    }
    default:
      throw new UsageError(`Unknown matches action "${action}".\n${MATCHES_USAGE}`);
  }
}
