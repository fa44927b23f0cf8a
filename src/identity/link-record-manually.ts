import type { Store, Queryable } from '../store/store.js';
import type { IdentityRules } from './identity-rules.js';
import { setRecordClient } from './set-record-client.js';
import { dependentRecordIds, resolveLinks } from './resolve-links.js';
import { actorLabel, type StaffActor } from './staff-actor.js';
import { findRecordClient } from '../store/identity/find-record-client.js';
import { findWorkspaceClient } from '../store/clients/find-workspace-client.js';
import { closeLinkReview } from '../store/identity/close-link-review.js';

export interface ManualLinkInput {
  workspaceId: number;
  recordId: number;
  clientId: number | null;
  actor: StaffActor;
  rules: IdentityRules;
  note?: string;
  expectUnlinked?: boolean;
}

/**
 * Staff decide which client a record belongs to (or, with clientId null, that it belongs to
 * nobody). A manual decision is final: no sync or rule changes it until staff release it.
 * What hangs off the record (a customer's invoices) follows at once; audited in the same
 * transaction, serializable: what it reads decides what it writes.
 */
export async function linkRecordManually(store: Store, input: ManualLinkInput, now = Date.now()): Promise<void> {
  await store.transaction((tx) => linkRecordManuallyIn(tx, input, now), { isolation: 'serializable' });
}

/** The same decision inside a transaction the caller holds (a review answered: resolveLinkReview). */
export async function linkRecordManuallyIn(tx: Queryable, input: ManualLinkInput, now = Date.now()): Promise<void> {
  const record = await findRecordClient(tx, input.recordId, input.workspaceId);
  if (!record) throw new Error(`No record ${input.recordId} in this workspace`);
  // From the unlinked list: a record linked since the list was shown is not silently moved.
  if (input.expectUnlinked && record.clientId !== null) throw new Error(`Record ${input.recordId} was linked to client ${record.clientId} since the list was shown: open it to change that`);
  if (input.clientId !== null) {
    const client = await findWorkspaceClient(tx, input.clientId, input.workspaceId);
    if (!client) throw new Error(`No client ${input.clientId} in this workspace`);
    if (client.mergedIntoClientId !== null) throw new Error(`Client ${input.clientId} was merged into client ${client.mergedIntoClientId}: link to that one`);
    if (client.status !== 'active') throw new Error(`Client ${input.clientId} is ${client.status}`);
  }
  await setRecordClient(tx, {
    recordId: input.recordId,
    workspaceId: input.workspaceId,
    clientId: input.clientId,
    method: 'manual',
    confidence: 1,
    detail: input.note ? { note: input.note } : {},
    manual: true,
    decidedBy: actorLabel(input.actor),
    audit: { actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: input.clientId === null ? 'record.unlinked_manually' : 'record.linked_manually' },
  }, now, { client_id: record.clientId });
  await closeLinkReview(tx, input.recordId, input.clientId === null ? 'belongs to no client (staff)' : `linked to client ${input.clientId} (staff)`, actorLabel(input.actor), now);
  await resolveLinks(tx, input.workspaceId, input.rules, await dependentRecordIds(tx, input.recordId), now);
}
