import type { Db } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';

/**
 * A client stops being one: its status becomes offboarded, every session of its people ends at once
 * and every unused invitation or sign-in link is revoked (the portal refuses offboarded clients
 * anyway; revoking says so in the data too). Records and users stay, for the record and for a
 * possible return. Must run inside the caller's transaction; returns false when already offboarded.
 */
export function offboardClient(db: Db, input: { clientId: number; reason: string; details?: Record<string, unknown> }, now = Date.now()): boolean {
  const client = db.prepare(`SELECT workspace_id, status FROM clients WHERE id = ?`).get(input.clientId) as { workspace_id: number; status: string } | undefined;
  if (!client || client.status !== 'active') return false;
  db.prepare(`UPDATE clients SET status = 'offboarded', updated_at = ? WHERE id = ?`).run(now, input.clientId);
  const sessions = db.prepare(`UPDATE sessions SET ended_at = ? WHERE ended_at IS NULL AND user_id IN (SELECT id FROM portal_users WHERE client_id = ?)`).run(now, input.clientId).changes;
  const links = db.prepare(`UPDATE auth_tokens SET revoked_at = ? WHERE used_at IS NULL AND revoked_at IS NULL AND user_id IN (SELECT id FROM portal_users WHERE client_id = ?)`).run(now, input.clientId).changes;
  writeAudit(db, { workspaceId: client.workspace_id, actorType: 'system', action: 'client.offboarded', subjectType: 'client', subjectId: input.clientId, clientId: input.clientId, details: { reason: input.reason, sessionsEnded: sessions, linksRevoked: links, ...input.details } }, now);
  return true;
}

/** An offboarded client whose deal is won again (or whose company is back) is a client again; its people sign in afresh. */
export function reactivateClient(db: Db, input: { clientId: number; reason: string; details?: Record<string, unknown> }, now = Date.now()): boolean {
  const client = db.prepare(`SELECT workspace_id, status, merged_into_client_id FROM clients WHERE id = ?`).get(input.clientId) as { workspace_id: number; status: string; merged_into_client_id: number | null } | undefined;
  if (!client || client.status !== 'offboarded' || client.merged_into_client_id !== null) return false;
  db.prepare(`UPDATE clients SET status = 'active', updated_at = ? WHERE id = ?`).run(now, input.clientId);
  writeAudit(db, { workspaceId: client.workspace_id, actorType: 'system', action: 'client.reactivated', subjectType: 'client', subjectId: input.clientId, clientId: input.clientId, details: { reason: input.reason, ...input.details } }, now);
  return true;
}
