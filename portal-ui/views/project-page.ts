import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';
import type { ProjectDetail, TaskItem } from '../loaders/load-projects.js';
import { describeFreshness } from './format.js';
import { dayTag } from './time-tags.js';
import { projectStatusBadge } from './badges.js';
import { progressBar } from './progress-bar.js';
import { projectDocumentsSection, type ProjectDocumentsView } from './project-documents.js';

/** The project's thread in Messages, for roles that see Messages. */
export interface ProjectMessagesView {
  projectRecordId: number;
  unread: number;
  count: number;
}

function messagesSection(view: ProjectMessagesView): SafeHtml {
  return html`<section class="card" aria-labelledby="messages-heading">
  <h2 id="messages-heading">Messages</h2>
  <p>${view.count === 0 ? 'No messages yet.' : `${view.count} message${view.count === 1 ? '' : 's'}`}${view.unread > 0 ? html` <span class="badge badge-open" data-unread="${view.unread}">${view.unread} unread</span>` : ''}</p>
  <p><a href="/messages/${view.projectRecordId}">Open the conversation with your team</a></p>
</section>`;
}

export function projectPage(project: ProjectDetail, now: number, documents?: ProjectDocumentsView, messages?: ProjectMessagesView): PageContent {
  return {
    title: project.name,
    navKey: 'projects',
    body: html`<nav aria-label="Breadcrumb" class="breadcrumb"><a href="/projects">All projects</a></nav>
<h1>${project.name}</h1>
<div class="grid">
<div class="stack">
<section class="card" aria-labelledby="status-heading">
  <h2 id="status-heading">Latest status</h2>
  ${project.statusColor || project.statusText
    ? html`<p>${projectStatusBadge(project.statusColor)} ${project.statusText ?? ''}</p>`
    : html`<p>No status update has been posted yet.</p>`}
  ${progressBar(project.percentComplete, `${project.name} progress`)}
  <dl class="facts">
    <div><dt>Due</dt><dd>${dayTag(project.dueDate)}</dd></div>
    <div><dt>Project lead</dt><dd>${project.ownerName ?? 'Not assigned yet'}</dd></div>
    <div><dt>Next milestone</dt><dd>${project.nextMilestone ? html`${project.nextMilestone.name} (${dayTag(project.nextMilestone.dueDate, 'date not set')})` : 'None planned'}</dd></div>
  </dl>
  <p class="source">${describeFreshness(project.provider, project.syncedAt, now)}</p>
</section>
<section class="card" aria-labelledby="waiting-heading">
  <h2 id="waiting-heading">Waiting on you</h2>
  ${project.waitingOnClient.length === 0
    ? html`<p>Nothing is waiting on you right now.</p>`
    : html`<ul class="plain">${project.waitingOnClient.map((task) => html`<li><strong>${task.name}</strong>${task.dueDate ? html`, due ${dayTag(task.dueDate)}` : ''}${task.overdue ? html` <span class="badge badge-overdue">Overdue</span>` : ''}</li>`)}</ul>
  <p class="muted small">Open tasks assigned to your people or marked for you.</p>`}
</section>
<section class="card" aria-labelledby="timeline-heading">
  <h2 id="timeline-heading">Timeline</h2>
  ${project.timeline.length === 0
    ? html`<p>No milestones or tasks are shared with you yet. They appear here as the plan takes shape.</p>`
    : html`<ol class="timeline">${project.timeline.map(timelineItem)}</ol>`}
</section>
</div>
<div class="stack">
<section class="card" aria-labelledby="phases-heading">
  <h2 id="phases-heading">Phases</h2>
  ${project.phases.length === 0
    ? html`<p>No phases are planned yet.</p>`
    : html`<ul class="plain">${project.phases.map((phase) => {
        const done = phase.tasks.filter((t) => t.completed).length;
        return html`<li><strong>${phase.name}</strong>: ${done} of ${phase.tasks.length} done</li>`;
      })}</ul>`}
</section>
${messages ? messagesSection(messages) : ''}
${documents ? projectDocumentsSection(documents) : ''}
</div>
</div>`,
  };
}

function timelineItem(task: TaskItem): SafeHtml {
  const state = task.completed ? html`<span class="badge badge-paid">Done</span>` : task.overdue ? html`<span class="badge badge-overdue">Overdue</span>` : html`<span class="badge badge-open">Open</span>`;
  return html`<li class="timeline-item${task.isMilestone ? ' milestone' : ''}">
  <p class="timeline-date">${dayTag(task.dueDate, 'No date')}</p>
  <p><strong>${task.isMilestone ? 'Milestone: ' : ''}${task.name}</strong> ${state}</p>
  <p class="muted small">${task.phase ? html`${task.phase}` : 'No phase'}${task.assigneeName ? html` · ${task.assigneeName}` : ''}</p>
</li>`;
}
