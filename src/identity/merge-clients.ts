import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import type { IdentityRules } from './identity-rules.js';
import { resolveLinks } from './resolve-links.js';
import type { StaffActor } from './staff-actor.js';

/**
 * Two clients that are one company (provisioned twice, from HubSpot and from Salesforce): everything
 * of `fromClientId` — records, links, CRM sources, portal users — moves to `intoClientId`, and the
 * old client remains only as a pointer. The rules then run again, since a domain two clients
 * shared may now belong to one.
 */
export function mergeClients(db: Db, input: { workspaceId: number; fromClientId: number; intoClientId: number; actor: StaffActor; rules: IdentityRules }, now = Date.now()): { movedRecords: number; movedUsers: number } {
  if (input.fromClientId === input.intoClientId) throw new Error('A client cannot be merged into itself');
  return writeTransaction(db, () => {
    const load = (id: number) => db.prepare(`SELECT id, name, status, merged_into_client_id FROM clients WHERE id = ? AND workspace_id = ?`).get(id, input.workspaceId) as { id: number; name: string; status: string; merged_into_client_id: number | null } | undefined;
    const from = load(input.fromClientId);
    const into = load(input.intoClientId);
    if (!from || !into) throw new Error(`No client ${!from ? input.fromClientId : input.intoClientId} in this workspace`);
    if (from.merged_into_client_id !== null || into.merged_into_client_id !== null) throw new Error('One of these clients was already merged');
    const movedRecords = db.prepare('UPDATE records SET client_id = ? WHERE client_id = ?').run(into.id, from.id).changes;
    db.prepare('UPDATE record_links SET client_id = ? WHERE client_id = ?').run(into.id, from.id);
    db.prepare('UPDATE client_sources SET client_id = ? WHERE client_id = ?').run(into.id, from.id);
    db.prepare('UPDATE provisionings SET client_id = ? WHERE client_id = ?').run(into.id, from.id);
    const movedUsers = db.prepare('UPDATE portal_users SET client_id = ? WHERE client_id = ?').run(into.id, from.id).changes;
    // Open reviews that offered the old client now offer the surviving one.
    const reviews = db.prepare(`SELECT id, candidates FROM link_reviews WHERE workspace_id = ? AND status = 'open'`).all(input.workspaceId) as { id: number; candidates: string }[];
    for (const review of reviews) {
      const candidates = JSON.parse(review.candidates) as { clientId: number }[];
      if (candidates.some((c) => c.clientId === from.id)) {
        db.prepare('UPDATE link_reviews SET candidates = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(candidates.map((c) => (c.clientId === from.id ? { ...c, clientId: into.id } : c))), now, review.id);
      }
    }
    // Bills matched across systems (src/billing) move with their invoices; pairs between the two
    // clients' invoices are found the next time either client's invoices sync.
    db.prepare('UPDATE invoice_matches SET client_id = ? WHERE client_id = ?').run(into.id, from.id);
    db.prepare('UPDATE invoice_match_reviews SET client_id = ? WHERE client_id = ?').run(into.id, from.id);
    db.prepare(`UPDATE clients SET status = 'offboarded', merged_into_client_id = ?, updated_at = ? WHERE id = ?`).run(into.id, now, from.id);
    writeAudit(db, { workspaceId: input.workspaceId, actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: 'client.merged', subjectType: 'client', subjectId: into.id, clientId: into.id, details: { from: { id: from.id, name: from.name }, into: { id: into.id, name: into.name }, movedRecords, movedUsers } }, now);
    resolveLinks(db, input.workspaceId, input.rules, undefined, now);
    return { movedRecords, movedUsers };
  });
}
