import type { Db } from '../db/open-database.js';
import type { QueuedMail } from '../store/mail/insert-outbox-message.js';

export type { QueuedMail } from '../store/mail/insert-outbox-message.js';

/**
 * TRANSITIONAL (issue 15): queues a message on the legacy SQLite handle, for callers still inside a
 * synchronous better-sqlite3 transaction (staff sign-in links; notification digests and provisioning's
 * invitations are on the store now). Converted code calls the store's `insertOutboxMessage(tx, …)`
 * (src/store/mail/) in its transaction instead; delete this once staff sign-in is on the store.
 */
export function queueMail(db: Db, mail: QueuedMail, now = Date.now()): number {
  const row = db
    .prepare(
      `INSERT INTO outbox_messages (workspace_id, kind, to_address, subject, text_body, html_body, created_at, headers)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(mail.workspaceId, mail.kind, mail.to, mail.subject, mail.text, mail.html ?? null, now, mail.headers ? JSON.stringify(mail.headers) : null) as { id: number };
  return row.id;
}
