import type { Transaction } from 'kysely';
import type { AppContext } from '../app/app-context.js';
import { releaseAttempt, reserveAttempt, type AttemptKey, type Reservation } from '../auth/attempt-limits.js';
import type { DB } from '../store/schema.js';
import type { Queryable, Store } from '../store/store.js';
import type { ActingUser } from './acting-user.js';

function keysOf(actor: ActingUser): AttemptKey[] {
  return [{ rule: 'invitationsAdmin', subject: `portal_user:${actor.userId}` }];
}

/**
 * Reserves one invitation email against the admin's hourly allowance, before anything is looked up:
 * every attempt counts, refused ones too, so the form cannot be used to probe addresses at speed.
 * Staff acting from the console are not limited here (their actions are audited as staff).
 * Pass the caller's transaction as `q` to count inside it.
 */
export async function reserveInvitation(app: AppContext, actor: ActingUser, now: number, q: Store | Transaction<DB> = app.store): Promise<Reservation> {
  if (actor.actorType === 'staff') return { ok: true, exhausted: [] };
  return reserveAttempt(q, app.keyring.signingKey, keysOf(actor), now);
}

/** Gives the reservation back when nothing was attempted (an invitation id that is not this client's). */
export async function releaseInvitation(app: AppContext, actor: ActingUser, now: number, q: Queryable = app.store.db): Promise<void> {
  if (actor.actorType !== 'staff') await releaseAttempt(q, app.keyring.signingKey, keysOf(actor), now);
}
