import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import type { IdentityRules } from './identity-rules.js';
import { setRecordClient } from './set-record-client.js';
import { closeLinkReview } from './write-link-review.js';
import { dependentRecordIds, resolveLinks } from './resolve-links.js';
import { actorLabel, type StaffActor } from './staff-actor.js';

/**
 * Staff decide which client a record belongs to (or, with clientId null, that it belongs to
 * nobody). A manual decision is final: no sync or rule changes it until staff release it.
 * What hangs off the record (a customer's invoices) follows at once; audited in the same transaction.
 */
export function linkRecordManually(
  db: Db,
  input: { workspaceId: number; recordId: number; clientId: number | null; actor: StaffActor; rules: IdentityRules; note?: string; expectUnlinked?: boolean },
  now = Date.now(),
): void {
  writeTransaction(db, () => {
    const record = db.prepare('SELECT id, client_id FROM records WHERE id = ? AND workspace_id = ?').get(input.recordId, input.workspaceId) as { id: number; client_id: number | null } | undefined;
    if (!record) throw new Error(`No record ${input.recordId} in this workspace`);
    // From the unlinked list: a record linked since the list was shown is not silently moved.
    if (input.expectUnlinked && record.client_id !== null) throw new Error(`Record ${input.recordId} was linked to client ${record.client_id} since the list was shown: open it to change that`);
    if (input.clientId !== null) {
      const client = db.prepare(`SELECT status, merged_into_client_id FROM clients WHERE id = ? AND workspace_id = ?`).get(input.clientId, input.workspaceId) as { status: string; merged_into_client_id: number | null } | undefined;
      if (!client) throw new Error(`No client ${input.clientId} in this workspace`);
      if (client.merged_into_client_id !== null) throw new Error(`Client ${input.clientId} was merged into client ${client.merged_into_client_id}: link to that one`);
      if (client.status !== 'active') throw new Error(`Client ${input.clientId} is ${client.status}`);
    }
    setRecordClient(db, {
      recordId: input.recordId,
      workspaceId: input.workspaceId,
      clientId: input.clientId,
      method: 'manual',
      confidence: 1,
      detail: input.note ? { note: input.note } : {},
      manual: true,
      decidedBy: actorLabel(input.actor),
      audit: { actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: input.clientId === null ? 'record.unlinked_manually' : 'record.linked_manually' },
    }, now);
    closeLinkReview(db, input.recordId, input.clientId === null ? 'belongs to no client (staff)' : `linked to client ${input.clientId} (staff)`, actorLabel(input.actor), now);
    resolveLinks(db, input.workspaceId, input.rules, dependentRecordIds(db, input.recordId), now);
  });
}
