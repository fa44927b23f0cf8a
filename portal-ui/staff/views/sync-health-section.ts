import { html, type SafeHtml } from '../../views/html.js';
import { progressBar } from '../../views/progress-bar.js';
import type { ConnectionHealth, ObjectHealth } from '../../../src/staff/read/load-sync-health.js';
import { csrfField } from './staff-layout.js';
import { statusBadge } from './status-badge.js';
import { describeRunProgress, measureRunProgress } from '../../../src/sync/measure-run-progress.js';
import { cursorText, formatDuration, maybeMoment } from './staff-format.js';

export interface SyncSectionOptions {
  canRun: boolean;
  csrfToken: string;
  /** h2 on the sync page, h3 inside a connection's page. */
  headingLevel: 2 | 3;
}

/** One connection's sync health: its error and what to do, then each object with its last run, progress and buttons. */
export function syncHealthSection(health: ConnectionHealth, options: SyncSectionOptions): SafeHtml {
  const { connection } = health;
  const headingId = `sync-${connection.id}`;
  const heading = html`${health.providerName} · ${connection.label} ${statusBadge(connection.status)}`;
  return html`<section class="card" aria-labelledby="${headingId}">
  ${options.headingLevel === 2 ? html`<h2 id="${headingId}"><a href="/staff/connections/${connection.id}">${heading}</a></h2>` : html`<h3 id="${headingId}">Sync health ${statusBadge(connection.status)}</h3>`}
  <p class="small">Last successful sync: ${maybeMoment(connection.lastSuccessAt, 'never')}${health.openDeadLetters > 0 ? html` · <a href="/staff/dead-letters">${health.openDeadLetters} open dead letter${health.openDeadLetters === 1 ? '' : 's'}</a>` : ''}</p>
  ${health.requestBudget.length > 0 ? html`<p class="small">Request budget in use: ${health.requestBudget.map((b, i) => html`${i > 0 ? ' · ' : ''}${b.used}${b.limit !== null ? html` of ${b.limit}` : ''} per ${describeWindow(b.windowMs)}`)}</p>` : ''}
  ${connection.lastError
    ? html`<div class="notice notice-error" role="alert"><p><strong>${health.providerName} said:</strong> <span class="wrap-anywhere">${connection.lastError}</span></p>${health.hint ? html`<p class="hint"><strong>What to do:</strong> ${health.hint}</p>` : ''}</div>`
    : ''}
  ${options.canRun && connection.status !== 'disconnected'
    ? html`<div class="row-actions">
    <form method="post" action="/staff/connections/${connection.id}/sync" class="inline-form">${csrfField(options.csrfToken)}${returnField(options)}<button type="submit" class="button button-quiet">Run all now</button></form>
    <form method="post" action="/staff/connections/${connection.id}/sync" class="inline-form">${csrfField(options.csrfToken)}${returnField(options)}<input type="hidden" name="full" value="1"><button type="submit" class="button button-quiet">Full resync of everything</button></form>
  </div>`
    : ''}
  <div class="table-wrap">
  <table>
    <caption class="visually-hidden">${health.providerName} objects</caption>
    <thead><tr><th scope="col">Object</th><th scope="col">Last run</th><th scope="col" class="num">Added / updated / deleted</th><th scope="col">Next run</th><th scope="col">Cursor</th>${options.canRun ? html`<th scope="col">Actions</th>` : ''}</tr></thead>
    <tbody>${health.objects.map((object) => objectRow(health, object, options))}</tbody>
  </table>
  </div>
</section>`;
}

/** On the sync page the buttons come back to it; elsewhere to the connection's page. */
function returnField(options: SyncSectionOptions): SafeHtml | string {
  return options.headingLevel === 2 ? html`<input type="hidden" name="return" value="sync">` : '';
}

function objectRow(health: ConnectionHealth, object: ObjectHealth, options: SyncSectionOptions): SafeHtml {
  const last = object.lastRun;
  const running = object.running;
  const label = `${health.providerName} ${object.objectType}`;
  return html`<tr>
  <th scope="row">${object.objectType} <span class="small muted">(${object.kind}, ${object.storedRecords} stored)</span></th>
  <td>${running
    ? html`${statusBadge('running')} ${running.mode === 'backfill' ? 'backfill' : 'incremental'} since ${maybeMoment(running.startedAt)}
      ${running.pages > 0 && running.percent !== null ? progressBar(running.percent, `${label} progress`) : ''}
      <p class="small">${describeRunProgress(measureRunProgress(running, running.startedAt + (running.durationMs ?? 0)))}</p>`
    : ''}
    ${last
      ? html`${statusBadge(last.status)} ${last.mode} · ${maybeMoment(last.finishedAt ?? last.startedAt)} · took ${formatDuration(last.durationMs)}${last.status === 'rate_limited' && last.resumesAt ? html`<p class="small">Paused by ${health.providerName}'s rate limit: resumes ${maybeMoment(last.resumesAt)} from where it stopped.</p>` : ''}${last.error ? html`<p class="small wrap-anywhere">${last.error}</p>` : ''}`
      : running ? '' : html`<span class="muted">never run</span>`}</td>
  <td class="num">${last ? `${last.added} / ${last.updated} / ${last.deleted}` : '—'}${last ? html`<br><span class="small">${last.unchanged} unchanged</span>` : ''}${last && last.deadLettered > 0 ? html`<br><span class="small">${last.deadLettered} dead-lettered</span>` : ''}</td>
  <td>${running ? 'after this run' : maybeMoment(object.nextRunAt, health.connection.status === 'active' ? '—' : 'not scheduled')}</td>
  <td>${cursorText(object.cursor)}</td>
  ${options.canRun
    ? html`<td>${health.connection.status === 'disconnected'
        ? '—'
        : html`<div class="row-actions">
      <form method="post" action="/staff/connections/${health.connection.id}/sync" class="inline-form">${csrfField(options.csrfToken)}${returnField(options)}<input type="hidden" name="objectType" value="${object.objectType}"><button type="submit" class="button button-quiet" aria-label="Run now: ${object.objectType}">Run now</button></form>
      <form method="post" action="/staff/connections/${health.connection.id}/sync" class="inline-form">${csrfField(options.csrfToken)}${returnField(options)}<input type="hidden" name="objectType" value="${object.objectType}"><input type="hidden" name="full" value="1"><button type="submit" class="button button-quiet" aria-label="Full resync: ${object.objectType}">Full resync</button></form>
    </div>`}</td>`
    : ''}
</tr>`;
}

/** "second", "minute", "day": how the providers state their limits. */
function describeWindow(windowMs: number): string {
  if (windowMs === 1000) return 'second';
  if (windowMs === 60_000) return 'minute';
  if (windowMs === 3_600_000) return 'hour';
  if (windowMs === 86_400_000) return 'day';
  return `${Math.round(windowMs / 1000)} s`;
}
