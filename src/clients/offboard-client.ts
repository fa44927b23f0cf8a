import type { Queryable } from '../store/store.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findClientStanding } from '../store/clients/find-client-standing.js';
import { updateClientStatus } from '../store/clients/update-client-status.js';
import { endClientSessions } from '../store/sessions/end-client-sessions.js';
import { revokeClientAuthTokens } from '../store/auth/revoke-client-auth-tokens.js';

/**
 * A client stops being one: its status becomes offboarded, every session of its people ends at once
 * and every unused invitation or sign-in link is revoked (the portal refuses offboarded clients
 * anyway; revoking says so in the data too). Records and users stay, for the record and for a
 * possible return. Must run inside the caller's transaction `tx`; returns false when already offboarded.
 */
export async function offboardClient(tx: Queryable, input: { clientId: number; reason: string; details?: Record<string, unknown> }, now = Date.now()): Promise<boolean> {
  const client = await findClientStanding(tx, input.clientId);
  if (!client || client.status !== 'active') return false;
  await updateClientStatus(tx, input.clientId, 'offboarded', now);
  const sessions = await endClientSessions(tx, input.clientId, now);
  const links = await revokeClientAuthTokens(tx, input.clientId, now);
  await insertAuditEntry(tx, { workspaceId: client.workspaceId, actorType: 'system', action: 'client.offboarded', subjectType: 'client', subjectId: input.clientId, clientId: input.clientId, details: { reason: input.reason, sessionsEnded: sessions, linksRevoked: links, ...input.details } }, now);
  return true;
}

/** An offboarded client whose deal is won again (or whose company is back) is a client again; its people sign in afresh. */
export async function reactivateClient(tx: Queryable, input: { clientId: number; reason: string; details?: Record<string, unknown> }, now = Date.now()): Promise<boolean> {
  const client = await findClientStanding(tx, input.clientId);
  if (!client || client.status !== 'offboarded' || client.mergedIntoClientId !== null) return false;
  await updateClientStatus(tx, input.clientId, 'active', now);
  await insertAuditEntry(tx, { workspaceId: client.workspaceId, actorType: 'system', action: 'client.reactivated', subjectType: 'client', subjectId: input.clientId, clientId: input.clientId, details: { reason: input.reason, ...input.details } }, now);
  return true;
}
