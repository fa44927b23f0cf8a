import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { Thread, ThreadSummary } from '../conversations/load-conversations.js';
import { csrfField } from './form-fields.js';
import { MESSAGE_MAX } from '../conversations/post-message.js';

export const MESSAGE_NOTICES = {
  sent: 'Your message is on its way to the team.',
  unavailable: 'Messages cannot be sent from the portal at the moment; your team has been told.',
} as const;

export interface MessagesView {
  csrfToken: string;
  newKey: () => string;
  notice: string | null;
  error?: { message: string; body: string } | null;
}

const when = (ms: number) => html`<time datetime="${new Date(ms).toISOString()}">${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;

export function messagesPage(threads: ThreadSummary[]): PageContent {
  return {
    title: 'Messages',
    navKey: 'messages',
    body: html`<h1>Messages</h1>
${threads.length === 0
    ? html`<p>No projects to talk about yet.</p>`
    : html`<ul class="stack" aria-label="Conversations">${threads.map((thread) => html`<li><a href="/messages/${thread.projectRecordId}">${thread.projectName}</a>${thread.unread > 0 ? html` <span class="badge badge-open" data-unread="${thread.unread}">${thread.unread} unread</span>` : ''}${thread.lastMessage ? html`<br><span class="muted">${thread.lastMessage.authorName}: ${thread.lastMessage.body.slice(0, 120)}</span>` : ''}</li>`)}</ul>`}`,
  };
}

function messageItem(author: string, body: string, at: SafeHtml, note: SafeHtml | string = ''): SafeHtml {
  // Plain text: escaped by html``, line breaks kept by CSS (.plain-text: white-space: pre-wrap).
  return html`<li class="message"><p><strong>${author}</strong> · ${at}</p><p class="plain-text">${body}</p>${note}</li>`;
}

export function threadPage(thread: Thread, view: MessagesView): PageContent {
  return {
    title: `Messages: ${thread.projectName}`,
    navKey: 'messages',
    body: html`<nav aria-label="Breadcrumb" class="breadcrumb"><a href="/messages">All conversations</a></nav>
<h1>${thread.projectName}</h1>
${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
${thread.messages.length + thread.outgoing.length === 0 ? html`<p>No messages yet. Write to your team below.</p>` : ''}
<ol class="stack messages" aria-label="Conversation">
${thread.messages.map((message) => messageItem(message.authorName, message.body, when(message.createdAt)))}
${thread.outgoing.map((message) => messageItem(message.authorName, message.body, when(message.createdAt),
    message.delivery === 'failed' ? html`<p class="notice" role="status">Not delivered yet — your team has been told.</p>` : html`<p class="muted">Sending…</p>`))}
</ol>
<form method="post" action="/messages/${thread.projectRecordId}" class="stack">
  ${csrfField(view.csrfToken)}
  <input type="hidden" name="key" value="${view.newKey()}">
  ${view.error ? html`<p class="field-error" id="message-error" role="alert">${view.error.message}</p>` : ''}
  <div class="field">
    <label for="message-body">Your message</label>
    <textarea id="message-body" name="body" rows="4" maxlength="${MESSAGE_MAX}" required${view.error ? html` aria-describedby="message-error"` : ''}>${view.error?.body ?? ''}</textarea>
  </div>
  <button type="submit">Send</button>
</form>`,
  };
}
