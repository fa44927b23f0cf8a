import { html } from './html.js';
import type { PageContent } from './page-content.js';
import type { ActivityPage } from '../../src/activity/load-activity.js';
import { providerName } from './format.js';
import { momentTagIn, sourceDateTag } from './time-tags.js';

export function activityPage(activity: ActivityPage, timeZone = 'UTC'): PageContent {
  return {
    title: activity.page > 1 ? `Activity, page ${activity.page}` : 'Activity',
    navKey: 'activity',
    body: html`<h1>Activity</h1>
<p class="lead">What happened on your account, newest first.</p>
${activity.entries.length === 0
  ? html`<section class="card"><p>${activity.page > 1 ? html`There is nothing further back. <a href="/activity">Back to the latest activity</a>.` : 'Nothing has happened on your account yet. Invoices, payments and project milestones appear here as they happen.'}</p></section>`
  : html`<section class="card"><ol class="timeline">${activity.entries.map(
      (entry) => html`<li class="timeline-item">
  <p class="timeline-date">${entry.happenedAt ? sourceDateTag(entry.happenedAt, timeZone) : momentTagIn(entry.at, timeZone)}</p>
  <p>${entry.href ? html`<a href="${entry.href}">${entry.sentence}</a>` : entry.sentence}</p>
  <p class="muted small">from ${providerName(entry.provider)}</p>
</li>`,
    )}</ol></section>`}
${activity.hasNewer || activity.hasOlder
  ? html`<nav class="pager" aria-label="Activity pages">
  ${activity.hasNewer ? html`<a href="${activity.page === 2 ? '/activity' : `/activity?page=${activity.page - 1}`}" rel="prev">Newer</a>` : ''}
  <span>Page ${activity.page}</span>
  ${activity.hasOlder ? html`<a href="/activity?page=${activity.page + 1}" rel="next">Older</a>` : ''}
</nav>`
  : ''}`,
  };
}
