import type { Request, Response } from 'express';
import type { AppContext } from '../app/app-context.js';
import { hashToken } from '../crypto/tokens.js';
import { writeAudit } from '../audit/write-audit.js';
import { completeOAuth, OAuthStateError } from '../connections/complete-oauth.js';
import { updateConnectionStatus } from '../store/connections/update-connection-status.js';
import { readStaffCookie } from './staff-cookie.js';
import { readStaffSession } from './staff-sessions.js';
import { accountChoices } from './services/account-choices.js';

/** The staff member who started this connect from the console, or null (a CLI connect, or an unknown state). */
export function oauthStateStarter(app: AppContext, provider: string, state: string): number | null {
  const row = app.db.prepare('SELECT staff_user_id AS staffUserId FROM oauth_states WHERE state_hash = ? AND provider = ?').get(hashToken(app.keyring.signingKey, state), provider) as
    | { staffUserId: number | null }
    | undefined;
  return row?.staffUserId ?? null;
}

/**
 * The OAuth callback of a connect started in the console. The state is not enough on its own: it
 * must come back to the same staff member's signed-in session (so a link with someone else's state
 * cannot attach an attacker's account). Then the code is exchanged, and the staff member lands on
 * the connection's page, or on the account choice when the grant reaches several.
 */
export async function completeStaffOAuth(app: AppContext, req: Request, res: Response, input: { provider: string; code: string; state: string; callbackParams: Record<string, string>; staffUserId: number }): Promise<void> {
  const now = Date.now();
  const ip = req.ip ?? null;
  const session = readStaffSession(app.db, app.keyring.signingKey, readStaffCookie(app.config, req.headers.cookie), now);
  if (!session || session.staffUserId !== input.staffUserId) {
    writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'staff', actorId: session?.staffUserId ?? null, ip, action: 'connection.connect_refused', details: { provider: input.provider, reason: session ? 'other_staff_session' : 'no_staff_session' } }, now);
    res.redirect(303, `/staff/connect?error=session_mismatch&provider=${encodeURIComponent(input.provider)}`);
    return;
  }
  try {
    const connection = await completeOAuth(app, input.provider, { code: input.code, state: input.state, callbackParams: input.callbackParams }, now, { staffUserId: session.staffUserId, ip });
    const choices = accountChoices(app.connectors, connection);
    if (choices && choices.options.length > 1) {
      // Nothing is synced before someone says which organisation or workspace this is.
      await updateConnectionStatus(app.store.db, connection.id, 'disconnected');
      app.db.prepare(`UPDATE connections SET settings = json_set(settings, '$.awaitingAccountChoice', json('true')) WHERE id = ?`).run(connection.id);
      res.redirect(303, `/staff/connections/${connection.id}/choose`);
      return;
    }
    await app.jobs.enqueue('scheduler.tick', {}, { dedupeKey: 'scheduler.tick' });
    res.redirect(303, `/staff/connections/${connection.id}?done=connected`);
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught);
    app.logger.warn('OAuth callback failed', { provider: input.provider, error: message });
    writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'staff', actorId: session.staffUserId, ip, action: 'connection.connect_failed', details: { provider: input.provider, error: message.slice(0, 500) } }, now);
    const reason = caught instanceof OAuthStateError ? 'state' : 'exchange';
    res.redirect(303, `/staff/connect?error=${reason}&provider=${encodeURIComponent(input.provider)}&detail=${encodeURIComponent(message.slice(0, 300))}`);
  }
}
