import type { AppContext } from '../../app/app-context.js';
import { saveConnection, type Connection } from '../../connections/connection-repository.js';
import type { StaffActor } from '../../identity/staff-actor.js';
import { insertAuditEntry } from '../../store/audit/insert-audit-entry.js';

export type TokenConnect = { ok: true; connection: Connection } | { ok: false; error: string };

/** Saves a key- or token-based connection (sealed like every credential) and lets the scheduler start its first sync. */
export async function connectWithToken(app: AppContext, actor: StaffActor, provider: string, token: unknown, now = Date.now()): Promise<TokenConnect> {
  // Which providers connect with a pasted key, and what a valid one looks like, is the connector's declaration.
  const rule = app.connectors.has(provider) ? app.connectors.get(provider).tokenConnect : undefined;
  if (!rule) return { ok: false, error: 'This provider does not connect with a key.' };
  const value = typeof token === 'string' ? token.trim() : '';
  if (!rule.pattern.test(value)) return { ok: false, error: `That does not look like a ${rule.field.toLowerCase()}. ${rule.hint}` };
  const connection = await app.store.transaction(async (tx) => {
    const saved = await saveConnection(tx, app.keyring, { workspaceId: app.workspaceId, provider, label: 'console', authType: 'token', credentials: { accessToken: value }, settings: {} }, now);
    await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null, action: 'connection.connected', subjectType: 'connection', subjectId: saved.id, details: { provider, via: 'token' } }, now);
    return saved;
  });
  await app.jobs.enqueue('scheduler.tick', {}, { dedupeKey: 'scheduler.tick' });
  return { ok: true, connection };
}
