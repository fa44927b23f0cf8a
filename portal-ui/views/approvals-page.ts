import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { ApprovalItem, ApprovalAnswer } from '../approvals/load-approvals.js';
import type { ApprovalStatus } from '../../src/model/unified-model.js';
import { csrfField } from './form-fields.js';
import { describeFreshness } from './format.js';
import { dayTag } from './time-tags.js';
import { COMMENT_MAX } from '../approvals/answer-approval.js';
import { quotesSection } from './quotes-section.js';
import type { QuoteItem } from '../approvals/load-quotes.js';

const STATUS_LABELS: Record<ApprovalStatus, string> = {
  pending: 'Waiting for your answer',
  approved: 'Approved',
  rejected: 'Rejected',
  changes_requested: 'Changes requested',
};
const STATUS_BADGES: Record<ApprovalStatus, string> = { pending: 'badge-open', approved: 'badge-paid', rejected: 'badge-overdue', changes_requested: 'badge-partially_paid' };
const ANSWER_LABELS: Record<ApprovalAnswer, string> = { approved: 'Approve', changes_requested: 'Request changes', rejected: 'Reject' };

export const APPROVAL_NOTICES = {
  sent: 'Thank you — your answer is on its way to the team.',
  answered: 'This approval has already been answered.',
  unavailable: 'Answers cannot be sent from the portal at the moment; your team has been told.',
} as const;

export interface ApprovalsView {
  items: ApprovalItem[];
  canAnswer: boolean;
  csrfToken: string;
  /** A fresh form key per form shown: the same form sent twice is one answer. */
  newKey: () => string;
  notice: string | null;
  error?: { recordId: number; message: string; answer: string; comment: string } | null;
  now: number;
  /** The client's published HubSpot quotes (issue 17), on the list page only. */
  quotes?: QuoteItem[];
}

function statusBadge(status: ApprovalStatus): SafeHtml {
  return html`<span class="badge ${STATUS_BADGES[status]}">${STATUS_LABELS[status]}</span>`;
}

function deliveryLine(item: ApprovalItem): SafeHtml | string {
  const answer = item.lastPortalAnswer;
  if (!answer) return '';
  if (item.answerInFlight && answer.delivery === 'failed') return html`<p class="notice" role="status">${answer.authorName}’s answer (${STATUS_LABELS[answer.answer]}) is not delivered yet — your team has been told.</p>`;
  if (item.answerInFlight) return html`<p class="muted" role="status">${answer.authorName} answered “${STATUS_LABELS[answer.answer]}”; sent, waiting for ${item.provider === 'asana' ? 'Asana' : 'the team'} to confirm.</p>`;
  if (answer.delivery === 'done' && answer.answer === item.providerStatus) return html`<p class="muted">Answered by ${answer.authorName} via the portal.</p>`;
  return '';
}

function answerForm(item: ApprovalItem, view: ApprovalsView): SafeHtml {
  const error = view.error?.recordId === item.recordId ? view.error : null;
  const id = `approval-${item.recordId}`;
  return html`<form method="post" action="/approvals/${item.recordId}/answer" class="stack" aria-labelledby="${id}-heading">
  ${csrfField(view.csrfToken)}
  <input type="hidden" name="key" value="${view.newKey()}">
  ${error ? html`<p class="field-error" id="${id}-error" role="alert">${error.message}</p>` : ''}
  <fieldset${error ? html` aria-describedby="${id}-error"` : ''}>
    <legend>Your answer</legend>
    ${(['approved', 'changes_requested', 'rejected'] as const).map((answer) => html`<label><input type="radio" name="answer" value="${answer}" required${error?.answer === answer ? html` checked` : ''}> ${ANSWER_LABELS[answer]}</label>`)}
  </fieldset>
  <div class="field">
    <label for="${id}-comment">Comment (needed to request changes or reject)</label>
    <textarea id="${id}-comment" name="comment" rows="3" maxlength="${COMMENT_MAX}">${error?.comment ?? ''}</textarea>
  </div>
  <p><button type="submit">Send answer</button></p>
</form>`;
}

function approvalCard(item: ApprovalItem, view: ApprovalsView): SafeHtml {
  const open = item.shownStatus === 'pending' && !item.answerInFlight;
  return html`<section class="card" aria-labelledby="approval-${item.recordId}-heading" id="approval-${item.recordId}">
  <h2 id="approval-${item.recordId}-heading">${item.name}</h2>
  <p>${statusBadge(item.shownStatus)}</p>
  <dl class="facts">
    ${item.projectName ? html`<div><dt>Project</dt><dd>${item.projectRecordId ? html`<a href="/projects/${item.projectRecordId}">${item.projectName}</a>` : item.projectName}</dd></div>` : ''}
    <div><dt>Due</dt><dd>${dayTag(item.dueDate, 'No date')}</dd></div>
  </dl>
  ${deliveryLine(item)}
  ${open && view.canAnswer ? answerForm(item, view) : open ? html`<p class="muted">An administrator of your company answers approvals.</p>` : ''}
  <p class="source">${describeFreshness(item.provider, item.syncedAt, view.now)}</p>
</section>`;
}

export function approvalsPage(view: ApprovalsView): PageContent {
  return {
    title: 'Approvals',
    navKey: 'approvals',
    body: html`<h1>Approvals</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
${view.items.length === 0 && !view.quotes?.length ? html`<p>Nothing has been sent to you for approval yet.</p>` : html`<div class="stack">${view.items.map((item) => approvalCard(item, view))}</div>`}
${view.quotes?.length ? quotesSection(view.quotes, view.now) : ''}`,
  };
}

export function approvalPage(item: ApprovalItem, view: ApprovalsView): PageContent {
  return {
    title: item.name,
    navKey: 'approvals',
    body: html`<nav aria-label="Breadcrumb" class="breadcrumb"><a href="/approvals">All approvals</a></nav>
<h1>Approval</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
${approvalCard(item, view)}`,
  };
}
