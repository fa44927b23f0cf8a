/**
 * What the CLI prints: aligned tables without console.table's "(index)" column, times a person
 * can read ("3 min ago (2026-12-06T22:30:00.000Z)"), provider cursors summarised, and with
 * --json the same rows as JSON for scripts (times as ISO strings, cursors whole).
 */
import { formatSpan } from '../sync/measure-run-progress.js';

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

/** An id that does not exist, a missing argument: the caller's mistake, exit code 2. */
export class UsageError extends Error {}

export function printRows(rows: Row[], options: { json: boolean; empty: string }): void {
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log(options.empty);
    return;
  }
  console.log(formatTable(rows));
}

export function formatTable(rows: Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const text = (v: Cell) => (v === null || v === undefined ? '—' : String(v).replace(/\s+/g, ' '));
  const widths = columns.map((c) => Math.min(80, Math.max(c.length, ...rows.map((r) => text(r[c]).length))));
  const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);
  const line = (cells: string[]) => cells.map((cell, i) => cut(cell, widths[i]!).padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '─'.repeat(w))), ...rows.map((r) => line(columns.map((c) => text(r[c]))))].join('\n');
}

/** "3 min ago (2026-12-06T22:30:00.000Z)"; with --json, only the ISO string. */
export function humanTime(ms: number | null | undefined, json: boolean, now = Date.now()): string | null {
  if (ms === null || ms === undefined) return null;
  const iso = new Date(ms).toISOString();
  if (json) return iso;
  const delta = now - ms;
  const relative = Math.abs(delta) < 1000 ? 'just now' : delta > 0 ? `${formatSpan(delta)} ago` : `in ${formatSpan(-delta)}`;
  return `${relative} (${iso})`;
}

/** A provider cursor is often JSON ({"since":…,"after":…}): shown as key=value, times readable, and short. */
export function summariseCursor(cursor: string | null, json: boolean): string | null {
  if (cursor === null || json) return cursor;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cursor);
  } catch {
    return cursor.length > 40 ? `${cursor.slice(0, 39)}…` : cursor;
  }
  if (parsed === null || typeof parsed !== 'object') return String(parsed);
  const parts = Object.entries(parsed as Record<string, unknown>).map(([key, value]) => {
    // Epoch milliseconds in a plausible range read better as a date.
    if (typeof value === 'number' && value > 946_684_800_000 && value < 4_102_444_800_000) return `${key}=${new Date(value).toISOString()}`;
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    return `${key}=${shown.length > 24 ? `${shown.slice(0, 23)}…` : shown}`;
  });
  const summary = parts.join(' ');
  return summary.length > 60 ? `${summary.slice(0, 59)}…` : summary;
}
