import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';

/** How a portal user hears of news: never, at each scheduler run that finds some, or once a day. */
export type NotifyMode = 'off' | 'immediate' | 'daily';

export const NOTIFY_MODES: readonly NotifyMode[] = ['off', 'immediate', 'daily'];

export function isNotifyMode(value: unknown): value is NotifyMode {
  return typeof value === 'string' && (NOTIFY_MODES as readonly string[]).includes(value);
}

/**
 * Saves a user's email preference. Turning emails on starts from now: the digest cursor moves to the
 * newest change, so the first email is not the client's whole history.
 */
export function setNotificationMode(app: AppContext, user: { userId: number; workspaceId: number; clientId: number }, mode: NotifyMode, via: 'account' | 'unsubscribe_link', ip: string | null, now: number): boolean {
  return writeTransaction(app.db, () => {
    const current = app.db.prepare('SELECT notify_mode AS mode FROM portal_users WHERE id = ?').get(user.userId) as { mode: NotifyMode } | undefined;
    if (!current) return false;
    if (current.mode === mode) return true;
    app.db
      .prepare(
        `UPDATE portal_users SET notify_mode = ?,
           notify_after_change_id = CASE WHEN notify_mode = 'off' THEN (SELECT COALESCE(MAX(id), 0) FROM record_changes) ELSE notify_after_change_id END,
           notified_at = CASE WHEN notify_mode = 'off' THEN ? ELSE notified_at END
         WHERE id = ?`,
      )
      .run(mode, now, user.userId);
    writeAudit(app.db, { workspaceId: user.workspaceId, actorType: 'portal_user', actorId: user.userId, action: 'portal.notifications_changed', subjectType: 'portal_user', subjectId: user.userId, clientId: user.clientId, ip, details: { from: current.mode, to: mode, via } }, now);
    return true;
  });
}
