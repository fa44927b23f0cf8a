import type { Db } from '../../src/db/open-database.js';
import type { Queryable } from '../../src/store/store.js';
import { hasTwoFactor } from '../../src/auth/two-factor/totp.js';
import { countUnusedRecoveryCodes } from '../../src/auth/two-factor/recovery-codes.js';
import type { NotifyMode } from '../../src/notifications/set-notification-mode.js';

export interface AccountFacts {
  clientName: string;
  notifyMode: NotifyMode;
  passwordChangedAt: number | null;
  twoFactorOn: boolean;
  recoveryCodesLeft: number;
}

export async function loadAccount(db: Db, q: Queryable, userId: number): Promise<AccountFacts> {
  const row = db
    .prepare(
      `SELECT c.name AS clientName, u.notify_mode AS notifyMode, u.password_changed_at AS passwordChangedAt
       FROM portal_users u JOIN clients c ON c.id = u.client_id WHERE u.id = ?`,
    )
    .get(userId) as { clientName: string; notifyMode: NotifyMode; passwordChangedAt: number | null };
  return { ...row, twoFactorOn: await hasTwoFactor(q, userId), recoveryCodesLeft: await countUnusedRecoveryCodes(q, userId) };
}
