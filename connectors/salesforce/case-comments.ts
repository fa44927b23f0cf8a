import type { PullPage, PulledRecord } from '../../src/connector-kit/index.js';
import type { SalesforceRecord } from './salesforce-record.js';

/**
 * The visibility rule for Salesforce (README "Visibility rules"): a Case's customer-visible thread is
 * its CaseComments with IsPublished = true — the "Public" checkbox, which is what Salesforce's own
 * Experience Cloud sites show customers ("CaseComment: IsPublished — Indicates whether the
 * CaseComment is visible to customers in the Self-Service portal", Object Reference). The Case query
 * asks for those alone (`WHERE IsPublished = true` in its subquery): private comments are never read.
 */
export const PUBLISHED_CASE_COMMENTS = '(SELECT Id, ParentId, CommentBody, IsPublished, CreatedDate, SystemModstamp, CreatedBy.Name FROM CaseComments WHERE IsPublished = true)';

/** The published comments embedded in Cases, as records of their own (applied with their Case). */
export function caseCommentRecords(cases: PulledRecord[]): PulledRecord[] {
  const out: PulledRecord[] = [];
  for (const record of cases) {
    if (record.deleted) continue;
    const comments = ((record.raw as SalesforceRecord).CaseComments as { records?: SalesforceRecord[] } | null | undefined)?.records ?? [];
    for (const comment of comments) {
      if (comment.IsPublished !== true) continue;
      const modified = Date.parse(String(comment.SystemModstamp ?? comment.CreatedDate ?? ''));
      out.push({ objectType: 'CaseComment', externalId: comment.Id, updatedAt: Number.isNaN(modified) ? null : modified, deleted: false, raw: { ...comment, ParentId: comment.ParentId ?? record.externalId } });
    }
  }
  return out;
}

export async function* withCaseComments(pages: AsyncIterable<PullPage>): AsyncGenerator<PullPage> {
  for await (const page of pages) yield { ...page, records: [...page.records, ...caseCommentRecords(page.records)] };
}
