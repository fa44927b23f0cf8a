import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { RequestDetail, RequestListItem } from '../requests/load-requests.js';
import { csrfField } from './form-fields.js';
import { dayTag } from './time-tags.js';
import { providerName } from './format.js';
import { DESCRIPTION_MAX, REQUEST_CATEGORIES, SUBJECT_MAX, type RequestFormValues } from '../requests/validate-request-form.js';

/** What the client reads for a request the CRM does not hold yet: never silence, never a provider error. */
export const NOT_DELIVERED = 'Not delivered yet — your team has been told.';
const SENDING = 'Sending to your team…';

export interface RequestFormView {
  csrfToken: string;
  values: RequestFormValues;
  errors: Partial<Record<'subject' | 'description' | 'category' | 'form', string>>;
  message?: string | null;
}

function deliveryNote(item: RequestListItem): SafeHtml | string {
  if (item.delivery === 'failed') return html`<p class="notice notice-warning" role="status">${NOT_DELIVERED}</p>`;
  if (item.delivery === 'pending') return html`<p class="hint">${SENDING}</p>`;
  if (item.delivery === 'received') return html`<p class="hint">Received by your team; it appears here in full shortly.</p>`;
  return '';
}

export function requestsPage(items: RequestListItem[], options: { canOpen: boolean; notice: string | null }): PageContent {
  return {
    title: 'Requests',
    navKey: 'requests',
    body: html`<h1>Requests</h1>
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
${options.canOpen ? html`<p><a class="button" href="/requests/new">Open a request</a></p>` : ''}
${items.length === 0
  ? html`<section class="card"><p>You have no requests yet.${options.canOpen ? ' Open one to ask your team anything, without email.' : ''}</p></section>`
  : html`<ul class="card-list">${items.map(
      (item) => html`<li class="card">
  <h2>${item.recordId === null ? item.subject : html`<a href="/requests/${item.recordId}">${item.subject}</a>`} <span class="badge${item.isClosed ? ' badge-void' : ''}">${item.statusLabel}</span></h2>
  ${deliveryNote(item)}
  <dl class="facts">
    ${item.number ? html`<div><dt>Number</dt><dd>${item.number}</dd></div>` : ''}
    <div><dt>Last update</dt><dd>${dayTag(item.updatedAt)}</dd></div>
  </dl>
</li>`,
    )}</ul>`}`,
  };
}

export interface ReplyFormView {
  csrfToken: string;
  key: string;
  body: string;
  error: string | null;
}

export function requestPage(detail: RequestDetail, reply: ReplyFormView | null = null): PageContent {
  const { request } = detail;
  return {
    title: request.subject,
    navKey: 'requests',
    body: html`<p><a href="/requests">All requests</a></p>
<h1>${request.subject}</h1>
<dl class="facts">
  <div><dt>Status</dt><dd>${request.statusLabel ?? (request.isClosed ? 'Closed' : 'Open')}</dd></div>
  ${request.number ? html`<div><dt>Number</dt><dd>${request.number}</dd></div>` : ''}
  <div><dt>Opened</dt><dd>${dayTag(request.openedAt)}</dd></div>
</dl>
${request.description ? html`<section class="card"><h2>Description</h2><p class="plain-text">${request.description}</p></section>` : ''}
<section class="card" aria-labelledby="thread-heading"><h2 id="thread-heading">Conversation</h2>
${detail.messages.length === 0
  ? html`<p>No replies yet. Your team answers here; you will see their replies as soon as they send them.</p>`
  : html`<ol class="thread">${detail.messages.map(
      (message) => html`<li class="${message.fromClient ? 'from-client' : 'from-team'}"><p class="meta">${message.authorName ?? (message.fromClient ? 'You' : 'Your team')} · ${dayTag(message.postedAt)}</p><p class="plain-text">${message.body}</p></li>`,
    )}</ol>`}
${detail.pendingReplies.length > 0
  ? html`<ol class="thread" aria-label="Your replies on their way">${detail.pendingReplies.map(
      (pending) => html`<li class="from-client"><p class="meta">${pending.authorName} · ${pending.status === 'failed' ? NOT_DELIVERED : pending.status === 'pending' ? SENDING : 'Received by your team'}</p><p class="plain-text">${pending.body}</p></li>`,
    )}</ol>`
  : ''}
<p class="source">From ${providerName(detail.provider)}.</p>
</section>
${reply
  ? html`<form method="post" action="/requests/${detail.recordId}/messages" novalidate class="card">
  ${csrfField(reply.csrfToken)}
  <input type="hidden" name="key" value="${reply.key}">
  <div class="field">
    <label for="reply">Your reply</label>
    ${reply.error ? html`<p class="field-error" id="reply-error">${reply.error}</p>` : ''}
    <textarea id="reply" name="body" rows="5" required maxlength="${DESCRIPTION_MAX}" aria-describedby="${reply.error ? 'reply-error reply-hint' : 'reply-hint'}"${reply.error ? html` aria-invalid="true"` : ''}>${reply.body}</textarea>
    <p class="hint" id="reply-hint">Plain text, up to ${DESCRIPTION_MAX} characters. Your team sees it where they answer.</p>
  </div>
  <button type="submit" class="button">Send reply</button>
</form>`
  : ''}`,
  };
}

export function newRequestPage(view: RequestFormView): PageContent {
  const { values, errors } = view;
  const described = (id: 'subject' | 'description' | 'category') => (errors[id] ? `${id}-error ${id}-hint` : `${id}-hint`);
  return {
    title: 'Open a request',
    navKey: 'requests',
    body: html`<p><a href="/requests">All requests</a></p>
<h1>Open a request</h1>
${view.message ? html`<p class="notice notice-warning" role="alert">${view.message}</p>` : ''}
${errors.form ? html`<p class="notice notice-warning" role="alert">${errors.form}</p>` : ''}
<form method="post" action="/requests" novalidate class="card">
  ${csrfField(view.csrfToken)}
  <input type="hidden" name="key" value="${values.key}">
  <div class="field">
    <label for="subject">Subject</label>
    ${errors.subject ? html`<p class="field-error" id="subject-error">${errors.subject}</p>` : ''}
    <input id="subject" name="subject" type="text" required maxlength="${SUBJECT_MAX}" value="${values.subject}" aria-describedby="${described('subject')}"${errors.subject ? html` aria-invalid="true"` : ''}>
    <p class="hint" id="subject-hint">A few words, up to ${SUBJECT_MAX} characters.</p>
  </div>
  <div class="field">
    <label for="category">Category (optional)</label>
    ${errors.category ? html`<p class="field-error" id="category-error">${errors.category}</p>` : ''}
    <select id="category" name="category" aria-describedby="${described('category')}">
      <option value="">No category</option>
      ${REQUEST_CATEGORIES.map((category) => html`<option value="${category.value}"${values.category === category.value ? html` selected` : ''}>${category.label}</option>`)}
    </select>
    <p class="hint" id="category-hint">Helps your team route it.</p>
  </div>
  <div class="field">
    <label for="description">Description</label>
    ${errors.description ? html`<p class="field-error" id="description-error">${errors.description}</p>` : ''}
    <textarea id="description" name="description" rows="8" required maxlength="${DESCRIPTION_MAX}" aria-describedby="${described('description')}"${errors.description ? html` aria-invalid="true"` : ''}>${values.description}</textarea>
    <p class="hint" id="description-hint">Plain text, up to ${DESCRIPTION_MAX} characters. No attachments yet.</p>
  </div>
  <button type="submit" class="button">Send request</button>
</form>`,
  };
}
