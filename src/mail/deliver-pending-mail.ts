import type { Db } from '../db/open-database.js';
import type { Logger } from '../logging/logger.js';
import type { Mailer } from './mailer.js';

const CLAIM_MS = 60_000;
const MAX_ATTEMPTS = 8;

interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: string | null;
  attempts: number;
}

/**
 * Sends queued messages. Each is claimed first (a conditional update), so two workers
 * never send the same message; a failed send is retried on the next pass, up to a bound.
 */
export async function deliverPendingMail(db: Db, mailer: Mailer, from: string, logger: Logger, now = () => Date.now()): Promise<number> {
  const pending = db
    .prepare(
      `SELECT id FROM outbox_messages WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT 100`,
    )
    .all(now()) as { id: number }[];
  let sent = 0;
  for (const { id } of pending) {
    const claimed = db
      .prepare(
        `UPDATE outbox_messages SET claimed_until = ?, attempts = attempts + 1
         WHERE id = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?) RETURNING *`,
      )
      .get(now() + CLAIM_MS, id, now()) as OutboxRow | undefined;
    if (!claimed) continue;
    try {
      const deliveredTo = await mailer.send({
        from,
        to: claimed.to_address,
        subject: claimed.subject,
        text: claimed.text_body,
        html: claimed.html_body,
        ...(claimed.headers ? { headers: JSON.parse(claimed.headers) as Record<string, string> } : {}),
      });
      db.prepare(`UPDATE outbox_messages SET status = 'sent', sent_at = ?, delivered_to = ?, last_error = NULL WHERE id = ?`).run(
        now(),
        deliveredTo,
        id,
      );
      // Logs are shipped and kept where the outbox table is not: no recipient's address in them (the
      // outbox row, by messageId, has it). The file mailer's path names the recipient, so only its kind.
      logger.info('mail sent', { messageId: id, deliveredTo: deliveredTo.startsWith('smtp:') ? deliveredTo : 'outbox file' });
      sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = claimed.attempts >= MAX_ATTEMPTS;
      db.prepare(`UPDATE outbox_messages SET status = ?, last_error = ?, claimed_until = ? WHERE id = ?`).run(
        failed ? 'failed' : 'pending',
        message,
        // Back off before the next try: 30 s, 1 min, 2 min...
        now() + 30_000 * 2 ** (claimed.attempts - 1),
        id,
      );
      // SMTP refusals quote the recipient ("550 <ann@example.com>: no such user").
      logger.warn('mail send failed', { messageId: id, attempts: claimed.attempts, error: withoutAddresses(message), gaveUp: failed });
    }
  }
  return sent;
}

/** Email addresses in a message (an SMTP server's reply) replaced by a placeholder. */
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g, '[address]');
}
