import type { Store } from '../store/store.js';
import type { IdentityRules } from './identity-rules.js';
import { resolveLinks } from './resolve-links.js';
import type { StaffActor } from './staff-actor.js';
import { findWorkspaceClient } from '../store/clients/find-workspace-client.js';
import { moveClientRows } from '../store/clients/move-client-rows.js';
import { updateClientMerged } from '../store/clients/update-client-merged.js';
import { listOpenLinkReviewCandidates } from '../store/identity/list-open-link-review-candidates.js';
import { updateLinkReviewCandidates } from '../store/identity/update-link-review-candidates.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';

/**
 * Two clients that are one company (provisioned twice, from HubSpot and from Salesforce): everything
 * of `fromClientId` — records, links, CRM sources, portal users — moves to `intoClientId`, and the
 * old client remains only as a pointer. The rules then run again, since a domain two clients
 * shared may now belong to one.
 */
export async function mergeClients(store: Store, input: { workspaceId: number; fromClientId: number; intoClientId: number; actor: StaffActor; rules: IdentityRules }, now = Date.now()): Promise<{ movedRecords: number; movedUsers: number }> {
  if (input.fromClientId === input.intoClientId) throw new Error('A client cannot be merged into itself');
  return store.transaction(async (tx) => {
    const from = await findWorkspaceClient(tx, input.fromClientId, input.workspaceId);
    const into = await findWorkspaceClient(tx, input.intoClientId, input.workspaceId);
    if (!from || !into) throw new Error(`No client ${!from ? input.fromClientId : input.intoClientId} in this workspace`);
    if (from.mergedIntoClientId !== null || into.mergedIntoClientId !== null) throw new Error('One of these clients was already merged');
    // Records, links, CRM sources, provisionings and portal users; bills matched across systems
    // (src/billing) move with their invoices: pairs between the two clients' invoices are found
    // the next time either client's invoices sync.
    const { movedRecords, movedUsers } = await moveClientRows(tx, from.id, into.id);
    // Open reviews that offered the old client now offer the surviving one.
    for (const review of await listOpenLinkReviewCandidates(tx, input.workspaceId)) {
      const candidates = JSON.parse(review.candidates) as { clientId: number }[];
      if (candidates.some((c) => c.clientId === from.id)) {
        await updateLinkReviewCandidates(tx, review.id, { candidates: JSON.stringify(candidates.map((c) => (c.clientId === from.id ? { ...c, clientId: into.id } : c))) }, now);
      }
    }
    await updateClientMerged(tx, from.id, into.id, now);
    await insertAuditEntry(tx, { workspaceId: input.workspaceId, actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: 'client.merged', subjectType: 'client', subjectId: into.id, clientId: into.id, details: { from: { id: from.id, name: from.name }, into: { id: into.id, name: into.name }, movedRecords, movedUsers } }, now);
    await resolveLinks(tx, input.workspaceId, input.rules, undefined, now);
    return { movedRecords, movedUsers };
  }, { isolation: 'serializable' });
}
