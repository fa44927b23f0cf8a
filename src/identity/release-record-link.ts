import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import type { IdentityRules } from './identity-rules.js';
import { dependentRecordIds, resolveLinks } from './resolve-links.js';
import type { StaffActor } from './staff-actor.js';

/** Staff hand a record back to the rules: its manual decision is forgotten and the rules decide again, now. */
export function releaseRecordLink(db: Db, input: { workspaceId: number; recordId: number; actor: StaffActor; rules: IdentityRules }, now = Date.now()): number | null {
  return writeTransaction(db, () => {
    const link = db.prepare('SELECT client_id FROM record_links WHERE record_id = ? AND workspace_id = ? AND manual = 1').get(input.recordId, input.workspaceId) as { client_id: number | null } | undefined;
    if (!link) throw new Error(`Record ${input.recordId} has no manual decision to release`);
    db.prepare('DELETE FROM record_links WHERE record_id = ?').run(input.recordId);
    // Back to "no decision" first, so the rules (or its parent) decide from nothing.
    db.prepare('UPDATE records SET client_id = NULL WHERE id = ?').run(input.recordId);
    resolveLinks(db, input.workspaceId, input.rules, [input.recordId], now);
    resolveLinks(db, input.workspaceId, input.rules, dependentRecordIds(db, input.recordId), now);
    const after = (db.prepare('SELECT client_id FROM records WHERE id = ?').get(input.recordId) as { client_id: number | null }).client_id;
    writeAudit(db, { workspaceId: input.workspaceId, actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: 'record.link_released', subjectType: 'record', subjectId: input.recordId, clientId: after ?? link.client_id, details: { manualClientId: link.client_id, nowClientId: after } }, now);
    return after;
  });
}
