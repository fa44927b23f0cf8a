import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findNotifyMode } from '../store/notifications/find-notify-mode.js';
import { updateNotifyMode } from '../store/notifications/update-notify-mode.js';

/** How a portal user hears of news: never, at each scheduler run that finds some, or once a day. */
export type NotifyMode = 'off' | 'immediate' | 'daily';

export const NOTIFY_MODES: readonly NotifyMode[] = ['off', 'immediate', 'daily'];

export function isNotifyMode(value: unknown): value is NotifyMode {
  return typeof value === 'string' && (NOTIFY_MODES as readonly string[]).includes(value);
}

/**
 * Saves a user's email preference. Turning emails on starts from now: the digest cursor moves to the
 * newest change, so the first email is not the client's whole history. The audit row is written in
 * the same transaction.
 */
export async function setNotificationMode(app: Pick<AppContext, 'store'>, user: { userId: number; workspaceId: number; clientId: number }, mode: NotifyMode, via: 'account' | 'unsubscribe_link', ip: string | null, now: number): Promise<boolean> {
  return app.store.transaction(async (tx) => {
    const current = await findNotifyMode(tx, user.userId);
    if (current === undefined) return false;
    if (current === mode) return true;
    await updateNotifyMode(tx, user.userId, mode, now);
    await insertAuditEntry(tx, { workspaceId: user.workspaceId, actorType: 'portal_user', actorId: user.userId, action: 'portal.notifications_changed', subjectType: 'portal_user', subjectId: user.userId, clientId: user.clientId, ip, details: { from: current, to: mode, via } }, now);
    return true;
  });
}
