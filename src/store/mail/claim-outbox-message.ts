import { sql } from 'kysely';
import type { Queryable } from '../store.js';

export interface ClaimedMessage {
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string> | null;
  attempts: number;
}

/**
 * Claims a due message until `until` and counts the attempt, in one conditional update: of two
 * senders (two workers, two machines) only one gets the row. Undefined when it is not due any more.
 */
export async function claimOutboxMessage(q: Queryable, id: number, now: number, until: number): Promise<ClaimedMessage | undefined> {
  const row = await q
    .updateTable('outbox_messages')
    .set({ claimed_until: until, attempts: sql<number>`attempts + 1` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .returning(['id', 'to_address', 'subject', 'text_body', 'html_body', 'headers', 'attempts'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : null,
    attempts: row.attempts,
  };
}
