import type { AppContext } from '../../app/app-context.js';
import { writeTransaction } from '../../db/open-database.js';
import { writeAudit } from '../../audit/write-audit.js';
import { saveConnection, type Connection } from '../../connections/connection-repository.js';
import type { StaffActor } from '../../identity/staff-actor.js';

/**
 * The providers that connect with a pasted credential instead of OAuth, and what a valid one looks
 * like: Stripe secret (sk_) or restricted (rk_) keys; HubSpot private-app tokens (pat-<region>-...).
 */
export const TOKEN_PROVIDERS: Record<string, { field: string; pattern: RegExp; hint: string }> = {
  stripe: { field: 'Secret or restricted key', pattern: /^(sk|rk)_(live|test)_[A-Za-z0-9]{8,}$/, hint: 'Starts with rk_live_, rk_test_, sk_live_ or sk_test_. A restricted key with read access to customers, invoices and payment intents is enough.' },
  hubspot: { field: 'Private app access token', pattern: /^pat-[a-z0-9]+-[A-Za-z0-9-]{8,}$/, hint: 'Starts with pat-. Create a private app with the crm.objects.companies/contacts/deals/owners.read scopes.' },
};

export type TokenConnect = { ok: true; connection: Connection } | { ok: false; error: string };

/** Saves a key- or token-based connection (sealed like every credential) and lets the scheduler start its first sync. */
export async function connectWithToken(app: AppContext, actor: StaffActor, provider: string, token: unknown, now = Date.now()): Promise<TokenConnect> {
  const rule = TOKEN_PROVIDERS[provider];
  if (!rule || !app.connectors.has(provider)) return { ok: false, error: 'This provider does not connect with a key.' };
  const value = typeof token === 'string' ? token.trim() : '';
  if (!rule.pattern.test(value)) return { ok: false, error: `That does not look like a ${rule.field.toLowerCase()}. ${rule.hint}` };
  const connection = writeTransaction(app.db, () => {
    const saved = saveConnection(app.db, app.keyring, { workspaceId: app.workspaceId, provider, label: 'console', authType: 'token', credentials: { accessToken: value }, settings: {} }, now);
    writeAudit(app.db, { workspaceId: app.workspaceId, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null, action: 'connection.connected', subjectType: 'connection', subjectId: saved.id, details: { provider, via: 'token' } }, now);
    return saved;
  });
  await app.jobs.enqueue('scheduler.tick', {}, { dedupeKey: 'scheduler.tick' });
  return { ok: true, connection };
}
