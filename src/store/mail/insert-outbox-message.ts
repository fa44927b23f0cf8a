import type { QueuedMail } from '../../mail/queue-mail.js';
import type { Queryable } from '../store.js';

/** Queues a message through the store: call it with the transaction of the change that causes it (transactional outbox). */
export async function insertOutboxMessage(q: Queryable, mail: QueuedMail, now = Date.now()): Promise<number> {
  const row = await q
    .insertInto('outbox_messages')
    .values({
      workspace_id: mail.workspaceId,
      kind: mail.kind,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html ?? null,
      created_at: now,
      headers: mail.headers ? JSON.stringify(mail.headers) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
