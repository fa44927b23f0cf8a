import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asSalesforceRecord, text } from '../../connectors/salesforce/salesforce-record.js';
import { withoutReplyMarker } from '../../src/connector-kit/index.js';

/** A comment the hub posted for a client: "<name> via the client portal:" then their words, then the marker line. */
const FROM_PORTAL = /^(.+?) via the client portal:\n([\s\S]*)$/;

function isoMoment(value: string | null): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Case → request: Salesforce's own Status words, CaseNumber, the Account and Contact it is for. */
export const caseMapping: ObjectMapping<'request'> = {
  provider: 'salesforce',
  objectType: 'Case',
  kind: 'request',
  map(raw) {
    const record = asSalesforceRecord(raw, 'Case');
    const accountId = text(record, 'AccountId');
    const contactId = text(record, 'ContactId');
    return {
      subject: text(record, 'Subject') ?? `Case ${text(record, 'CaseNumber') ?? record.Id}`,
      description: text(record, 'Description'),
      statusLabel: text(record, 'Status'),
      isClosed: record.IsClosed === true,
      pipeline: text(record, 'Type'),
      number: text(record, 'CaseNumber'),
      openedAt: isoMoment(text(record, 'CreatedDate')),
      updatedAt: isoMoment(text(record, 'SystemModstamp')),
      companyExternalIds: accountId ? [accountId] : [],
      contactExternalIds: contactId ? [contactId] : [],
      actionKey: null,
    };
  },
};

/**
 * CaseComment → request message. Only comments with IsPublished = true are ever read (the query
 * asks Salesforce for those alone, connectors/salesforce/case-comments.ts); a private one reaching
 * this mapping is refused, so it can never be stored.
 */
export const caseCommentMapping: ObjectMapping<'request_message'> = {
  provider: 'salesforce',
  objectType: 'CaseComment',
  kind: 'request_message',
  map(raw) {
    const comment = asSalesforceRecord(raw, 'CaseComment');
    if (comment.IsPublished !== true) throw new Error('a CaseComment that is not published is internal and is never stored');
    const parentId = text(comment, 'ParentId');
    if (!parentId) throw new Error('CaseComment without its ParentId');
    const author = (comment.CreatedBy as { Name?: unknown } | null | undefined)?.Name;
    const body = text(comment, 'CommentBody') ?? '';
    const fromPortal = body.includes('[portal ref ') ? FROM_PORTAL.exec(body) : null;
    return {
      requestExternalId: parentId,
      body: withoutReplyMarker(fromPortal ? fromPortal[2]! : body),
      authorName: fromPortal ? fromPortal[1]! : typeof author === 'string' ? author : null,
      fromClient: fromPortal !== null,
      postedAt: isoMoment(text(comment, 'CreatedDate')),
    };
  },
};
