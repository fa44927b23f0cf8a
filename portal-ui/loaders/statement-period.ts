import { daysBetween } from './calendar-day.js';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The statement's period from the query string: `from` and `to` as ISO days (the date inputs' own
 * format), `from` not after `to`, at most ten years. Missing values default to the last three
 * months up to today; anything else malformed is refused (null), never guessed.
 */
export function parseStatementPeriod(query: Record<string, unknown>, today: string): { from: string; to: string } | null {
  const given = (name: string) => (typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined);
  const to = given('to') ?? today;
  const from = given('from') ?? threeMonthsBefore(to);
  for (const day of [from, to]) if (!ISO_DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) return null;
  if (from > to || daysBetween(from, to) > 3660) return null;
  return { from, to };
}

function threeMonthsBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  date.setUTCMonth(date.getUTCMonth() - 3);
  return date.toISOString().slice(0, 10);
}
