import type { AppContext } from '../app/app-context.js';
import { emailBrandingOf } from '../mail/email-branding.js';
import { loadActivitySince } from '../activity/load-activity.js';
import { renderDigestEmail } from './render-digest-email.js';
import { loadNewReplies } from './load-new-replies.js';
import { canUseMessages } from '../portal-access/portal-permissions.js';
import { createUnsubscribeToken, unsubscribeUrl } from './unsubscribe-token.js';
import { listDigestSubscribers } from '../store/notifications/list-digest-subscribers.js';
import { findLatestActivityIds } from '../store/notifications/find-latest-activity-ids.js';
import { updateDigestCursor } from '../store/notifications/update-digest-cursor.js';
import { insertOutboxMessage } from '../store/mail/insert-outbox-message.js';

/** A daily digest goes out once a day at most; a tick or two early still counts as a day. */
export const DAILY_DIGEST_INTERVAL_MS = 24 * 3600_000 - 10 * 60_000;
const MAX_ENTRIES = 25;

/**
 * Builds each subscribed user's digest from record_changes of their own client, filtered exactly as
 * their activity page is (their role's kinds, client-visible tasks, no drafts), and queues it in the
 * mail outbox with RFC 8058 one-click unsubscribe headers. "immediate" users get one email per run
 * that finds news; "daily" users at most one a day. Each user's cursor moves in the same transaction
 * as the queued email, with a compare-and-set, so two workers never send the same news twice.
 */
export async function sendNotificationDigests(app: AppContext, now = Date.now()): Promise<{ queued: number }> {
  const subscribers = await listDigestSubscribers(app.store.db);
  const through = await findLatestActivityIds(app.store.db);
  const branding = emailBrandingOf(app.config);
  let queued = 0;
  for (const user of subscribers) {
    if (user.afterChangeId >= through.changeId && user.afterMessageId >= through.messageId) continue;
    if (user.mode === 'daily' && user.notifiedAt != null && now - user.notifiedAt < DAILY_DIGEST_INTERVAL_MS) continue;
    const activity = await loadActivitySince(app.store.db, user.clientId, user.role, user.afterChangeId, through.changeId, MAX_ENTRIES);
    // The team's new replies in Messages (never the client's own messages), for roles that see Messages.
    const replies = canUseMessages(user.role, app.config.portal.billingMessages) ? await loadNewReplies(app.store.db, user.clientId, user.afterMessageId, through.messageId) : [];
    const entries = [...replies, ...activity.entries].slice(0, MAX_ENTRIES);
    const more = activity.more || replies.length + activity.entries.length > MAX_ENTRIES;
    const sent = await app.store.transaction(async (tx) => {
      const moved = await updateDigestCursor(tx, user, { changeId: through.changeId, messageId: through.messageId, ...(entries.length > 0 ? { notifiedAt: now } : {}) });
      // Nothing this user may see changed (or another worker got here first): only the cursor moves.
      if (!moved || entries.length === 0) return false;
      const link = unsubscribeUrl(app.config.publicUrl, createUnsubscribeToken(app.keyring.signingKey, user.userId));
      const message = renderDigestEmail({ ...branding, recipientName: user.name, clientName: user.clientName, mode: user.mode, entries, more, publicUrl: app.config.publicUrl, unsubscribeUrl: link });
      await insertOutboxMessage(
        tx,
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
