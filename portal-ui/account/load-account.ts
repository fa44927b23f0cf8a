import type { Queryable } from '../../src/store/store.js';
import { findAccountFacts } from '../../src/store/portal-users/find-account-facts.js';
import type { NotifyMode } from '../../src/notifications/set-notification-mode.js';

export interface AccountFacts {
  clientName: string;
  notifyMode: NotifyMode;
  passwordChangedAt: number | null;
  twoFactorOn: boolean;
  recoveryCodesLeft: number;
}

/** The signed-in user's own account facts (the id comes from the session). */
export async function loadAccount(q: Queryable, userId: number): Promise<AccountFacts> {
  const facts = await findAccountFacts(q, userId);
  if (!facts) throw new Error(`portal user ${userId} not found`);
  return { ...facts, notifyMode: facts.notifyMode as NotifyMode };
}
