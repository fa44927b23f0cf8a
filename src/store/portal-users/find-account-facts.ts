import type { Queryable } from '../store.js';

export interface AccountFactsRow {
  clientName: string;
  notifyMode: string;
  passwordChangedAt: number | null;
  /** A confirmed TOTP enrolment. */
  twoFactorOn: boolean;
  recoveryCodesLeft: number;
}

/** A portal user's own account page facts, with their client's name (undefined for an unknown user). */
export async function findAccountFacts(q: Queryable, userId: number): Promise<AccountFactsRow | undefined> {
  const row = await q
    .selectFrom('portal_users as u')
    .innerJoin('clients as c', 'c.id', 'u.client_id')
    .select((eb) => [
      'c.name as clientName',
      'u.notify_mode as notifyMode',
      'u.password_changed_at as passwordChangedAt',
      eb.selectFrom('portal_user_totp as t').select('t.confirmed_at').whereRef('t.user_id', '=', 'u.id').as('totpConfirmedAt'),
      eb.selectFrom('recovery_codes as rc').select((r) => r.fn.countAll().as('n')).whereRef('rc.user_id', '=', 'u.id').where('rc.used_at', 'is', null).as('recoveryCodesLeft'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    clientName: row.clientName,
    notifyMode: row.notifyMode,
    passwordChangedAt: row.passwordChangedAt,
    twoFactorOn: row.totpConfirmedAt != null,
    recoveryCodesLeft: Number(row.recoveryCodesLeft ?? 0),
  };
}
