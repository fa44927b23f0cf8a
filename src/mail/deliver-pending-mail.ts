import type { Queryable } from '../store/store.js';
import { listDueOutboxMessages } from '../store/mail/list-due-outbox-messages.js';
import { claimOutboxMessage } from '../store/mail/claim-outbox-message.js';
import { updateOutboxMessageSent } from '../store/mail/update-outbox-message-sent.js';
import { updateOutboxMessageFailure } from '../store/mail/update-outbox-message-failure.js';
import type { Logger } from '../logging/logger.js';
import type { Mailer } from './mailer.js';

const CLAIM_MS = 60_000;
const MAX_ATTEMPTS = 8;

/**
 * Sends queued messages. Each is claimed first (a conditional update), so two workers
 * never send the same message; a failed send is retried on the next pass, up to a bound.
 */
export async function deliverPendingMail(q: Queryable, mailer: Mailer, from: string, logger: Logger, now = () => Date.now()): Promise<number> {
  let sent = 0;
  for (const id of await listDueOutboxMessages(q, now())) {
    const claimed = await claimOutboxMessage(q, id, now(), now() + CLAIM_MS);
    if (!claimed) continue;
    try {
      const deliveredTo = await mailer.send({
        from,
        to: claimed.to,
        subject: claimed.subject,
        text: claimed.text,
        html: claimed.html,
        ...(claimed.headers ? { headers: claimed.headers } : {}),
      });
      await updateOutboxMessageSent(q, id, deliveredTo, now());
      // Logs are shipped and kept where the outbox table is not: no recipient's address in them (the
      // outbox row, by messageId, has it). The file mailer's path names the recipient, so only its kind.
      logger.info('mail sent', { messageId: id, deliveredTo: deliveredTo.startsWith('smtp:') ? deliveredTo : 'outbox file' });
      sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = claimed.attempts >= MAX_ATTEMPTS;
      // Back off before the next try: 30 s, 1 min, 2 min...
      await updateOutboxMessageFailure(q, id, { error: message, gaveUp: failed, retryAt: now() + 30_000 * 2 ** (claimed.attempts - 1) });
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
