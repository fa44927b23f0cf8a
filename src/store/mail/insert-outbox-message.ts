import type { Queryable } from '../store.js';

export interface QueuedMail {
  workspaceId: number;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers (List-Unsubscribe and List-Unsubscribe-Post on digests, RFC 8058). */
  headers?: Record<string, string>;
}

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
