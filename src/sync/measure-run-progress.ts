/**
 * The figures of a running pull, computed the same way for the CLI's progress line and the staff
 * console: records seen, records per second since the run started, and an ETA when the provider
 * gave a total (HubSpot's search `total`, Salesforce's `totalSize`…). Without a total there is no
 * honest ETA, so none is shown.
 */
export interface RunProgressInput {
  startedAt: number;
  pages: number;
  added: number;
  updated: number;
  unchanged: number;
  deadLettered: number;
  estimatedTotal: number | null;
}

export interface RunProgress {
  /** No page has come back yet: the run is connecting or waiting on its first answer. */
  starting: boolean;
  pages: number;
  records: number;
  estimatedTotal: number | null;
  /** Records per second since the run started (0 while starting). */
  ratePerSecond: number;
  /** Milliseconds left at the current rate; null without a provider total or before any record. */
  etaMs: number | null;
}

export function measureRunProgress(run: RunProgressInput, now: number): RunProgress {
  const records = run.added + run.updated + run.unchanged + run.deadLettered;
  const elapsedMs = Math.max(1, now - run.startedAt);
  const ratePerSecond = run.pages === 0 ? 0 : (records * 1000) / elapsedMs;
  const left = run.estimatedTotal !== null ? Math.max(0, run.estimatedTotal - records) : null;
  const etaMs = left === null || ratePerSecond <= 0 ? null : Math.round((left / ratePerSecond) * 1000);
  return { starting: run.pages === 0, pages: run.pages, records, estimatedTotal: run.estimatedTotal, ratePerSecond, etaMs };
}

/** "300 of about 1000 records · 60 records/s · about 12 s left · 3 pages", or "Starting…" before the first page. */
export function describeRunProgress(progress: RunProgress): string {
  if (progress.starting) return 'Starting…';
  const parts = [
    progress.estimatedTotal !== null ? `${progress.records} of about ${progress.estimatedTotal} records` : `${progress.records} records`,
    `${formatRate(progress.ratePerSecond)} records/s`,
  ];
  if (progress.etaMs !== null) parts.push(`about ${formatSpan(progress.etaMs)} left`);
  parts.push(`${progress.pages} page${progress.pages === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

function formatRate(perSecond: number): string {
  return perSecond >= 10 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** "12 s", "3 min 5 s", "1 h 20 min": short enough for one terminal line. */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}
