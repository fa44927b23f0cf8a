import { html } from './html.js';
import type { PageContent } from './page-content.js';
import type { ProjectSummary } from '../loaders/load-projects.js';
import { describeFreshness } from './format.js';
import { dayTag } from './time-tags.js';
import { projectStatusBadge } from './badges.js';
import { progressBar } from './progress-bar.js';

export function projectsPage(projects: ProjectSummary[], now: number): PageContent {
  return {
    title: 'Projects',
    navKey: 'projects',
    body: html`<h1>Projects</h1>
${projects.length === 0
  ? html`<section class="card"><p>There are no projects to show yet. When we start work for you, each project appears here with its progress and milestones. Questions in the meantime? Write to your account manager.</p></section>`
  : html`<ul class="card-list">${projects.map(
      (project) => html`<li class="card">
  <h2><a href="/projects/${project.recordId}">${project.name}</a> ${projectStatusBadge(project.statusColor)}${project.archived ? html` <span class="badge badge-void">Archived</span>` : ''}</h2>
  ${progressBar(project.percentComplete, `${project.name} progress`)}
  <dl class="facts">
    <div><dt>Due</dt><dd>${dayTag(project.dueDate)}</dd></div>
    <div><dt>Next milestone</dt><dd>${project.nextMilestone ? html`${project.nextMilestone.name} (${dayTag(project.nextMilestone.dueDate, 'date not set')})` : 'None planned'}</dd></div>
  </dl>
  <p class="source">${describeFreshness(project.provider, project.syncedAt, now)}</p>
</li>`,
    )}</ul>`}`,
  };
}
