import type { Store } from '../store/store.js';
import type { IdentityRules } from './identity-rules.js';
import { dependentRecordIds, resolveLinks } from './resolve-links.js';
import type { StaffActor } from './staff-actor.js';
import { findManualLink } from '../store/identity/find-manual-link.js';
import { deleteRecordLink } from '../store/identity/delete-record-link.js';
import { updateRecordClient } from '../store/records/update-record-client.js';
import { findRecordClient } from '../store/identity/find-record-client.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';

/** Staff hand a record back to the rules: its manual decision is forgotten and the rules decide again, now. */
export async function releaseRecordLink(store: Store, input: { workspaceId: number; recordId: number; actor: StaffActor; rules: IdentityRules }, now = Date.now()): Promise<number | null> {
  return store.transaction(async (tx) => {
    const link = await findManualLink(tx, input.recordId, input.workspaceId);
    if (!link) throw new Error(`Record ${input.recordId} has no manual decision to release`);
    await deleteRecordLink(tx, input.recordId);
    // Back to "no decision" first, so the rules (or its parent) decide from nothing.
    await updateRecordClient(tx, input.recordId, null);
    await resolveLinks(tx, input.workspaceId, input.rules, [input.recordId], now);
    await resolveLinks(tx, input.workspaceId, input.rules, await dependentRecordIds(tx, input.recordId), now);
    const after = (await findRecordClient(tx, input.recordId))?.clientId ?? null;
    await insertAuditEntry(tx, { workspaceId: input.workspaceId, actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: 'record.link_released', subjectType: 'record', subjectId: input.recordId, clientId: after ?? link.clientId, details: { manualClientId: link.clientId, nowClientId: after } }, now);
    return after;
  }, { isolation: 'serializable' });
}
