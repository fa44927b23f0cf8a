import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { queueMail } from '../mail/queue-mail.js';
import { emailBrandingOf } from '../mail/email-branding.js';
import { loadActivitySince } from '../activity/load-activity.js';
import { renderDigestEmail } from './render-digest-email.js';
import { loadNewReplies } from './load-new-replies.js';
import { canUseMessages } from '../portal-access/portal-permissions.js';
import { createUnsubscribeToken, unsubscribeUrl } from './unsubscribe-token.js';

/** A daily digest goes out once a day at most; a tick or two early still counts as a day. */
export const DAILY_DIGEST_INTERVAL_MS = 24 * 3600_000 - 10 * 60_000;
const MAX_ENTRIES = 25;

interface Subscriber {
  userId: number;
  workspaceId: number;
  clientId: number;
  clientName: string;
  name: string;
  email: string;
  role: string;
  mode: 'immediate' | 'daily';
  afterChangeId: number;
  afterMessageId: number;
  notifiedAt: number | null;
}

/**
 * Builds each subscribed user's digest from record_changes of their own client, filtered exactly as
 * their activity page is (their role's kinds, client-visible tasks, no drafts), and queues it in the
 * mail outbox with RFC 8058 one-click unsubscribe headers. "immediate" users get one email per run
 * that finds news; "daily" users at most one a day. Each user's cursor moves in the same transaction
 * as the queued email, with a compare-and-set, so two workers never send the same news twice.
 */
export async function sendNotificationDigests(app: AppContext, now = Date.now()): Promise<{ queued: number }> {
  const { db } = app;
  const subscribers = db
    .prepare(
      `SELECT u.id AS userId, u.workspace_id AS workspaceId, u.client_id AS clientId, c.name AS clientName, u.name, u.email, u.role,
              u.notify_mode AS mode, u.notify_after_change_id AS afterChangeId, u.notify_after_message_id AS afterMessageId, u.notified_at AS notifiedAt
       FROM portal_users u JOIN clients c ON c.id = u.client_id
       WHERE u.notify_mode != 'off' AND u.status = 'active' AND c.status = 'active'`,
    )
    .all() as Subscriber[];
  const throughChangeId = (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM record_changes').get() as { id: number }).id;
  const throughMessageId = (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM conversation_messages').get() as { id: number }).id;
  const branding = emailBrandingOf(app.config);
  let queued = 0;
  for (const user of subscribers) {
    if (user.afterChangeId >= throughChangeId && user.afterMessageId >= throughMessageId) continue;
    if (user.mode === 'daily' && user.notifiedAt != null && now - user.notifiedAt < DAILY_DIGEST_INTERVAL_MS) continue;
    const activity = await loadActivitySince(app.store.db, user.clientId, user.role, user.afterChangeId, throughChangeId, MAX_ENTRIES);
    // The team's new replies in Messages (never the client's own messages), for roles that see Messages.
    const replies = canUseMessages(user.role, app.config.portal.billingMessages) ? await loadNewReplies(app.store.db, user.clientId, user.afterMessageId, throughMessageId) : [];
    const entries = [...replies, ...activity.entries].slice(0, MAX_ENTRIES);
    const more = activity.more || replies.length + activity.entries.length > MAX_ENTRIES;
    const sent = writeTransaction(db, () => {
      const moved = db
        .prepare(
          `UPDATE portal_users SET notify_after_change_id = ?, notify_after_message_id = ?, notified_at = CASE WHEN ? THEN ? ELSE notified_at END
           WHERE id = ? AND notify_after_change_id = ? AND notify_after_message_id = ? AND notify_mode = ?`,
        )
        .run(throughChangeId, throughMessageId, entries.length > 0 ? 1 : 0, now, user.userId, user.afterChangeId, user.afterMessageId, user.mode).changes;
      // Nothing this user may see changed (or another worker got here first): only the cursor moves.
      if (moved !== 1 || entries.length === 0) return false;
      const link = unsubscribeUrl(app.config.publicUrl, createUnsubscribeToken(app.keyring.signingKey, user.userId));
      const message = renderDigestEmail({ ...branding, recipientName: user.name, clientName: user.clientName, mode: user.mode, entries, more, publicUrl: app.config.publicUrl, unsubscribeUrl: link });
      queueMail(
        db,
        { workspaceId: user.workspaceId, kind: 'digest', to: user.email, ...message, headers: { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } },
        now,
      );
      return true;
    });
    if (sent) queued++;
  }
  if (queued > 0) await app.jobs.enqueue('mail.deliver', {}, { dedupeKey: 'mail.deliver' });
  return { queued };
}
