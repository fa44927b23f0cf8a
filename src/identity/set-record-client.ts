import type { Queryable } from '../store/store.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findRecordClient } from '../store/identity/find-record-client.js';
import { updateRecordClient } from '../store/records/update-record-client.js';
import { deleteRuleLinks } from '../store/identity/delete-rule-links.js';
import { upsertRecordLinks, type RecordLinkValues } from '../store/identity/upsert-record-links.js';
import { insertAuditEntries } from '../store/audit/insert-audit-entries.js';
import { updateRecordsClients } from '../store/records/update-records-clients.js';
import type { LinkMethod } from './identity-rules.js';

export interface RecordClientChange {
  recordId: number;
  workspaceId: number;
  /** null: the record belongs to no client (shown to nobody). */
  clientId: number | null;
  /** null: no decision stands any more (a rule's link withdrawn): the record_links row goes. */
  method: LinkMethod | null;
  confidence: number;
  detail: Record<string, unknown>;
  manual: boolean;
  decidedBy: string | null;
  /** Written in the same transaction when given: manual decisions and rule decisions on provider identities. */
  audit?: Pick<AuditEntry, 'actorType' | 'actorId' | 'action' | 'ip'>;
}

/**
 * Records' new clients, how they were decided and the audit of it, collected by a run that decides
 * many records (resolveLinks) and written together by flushLinkWrites, in its transaction: a few
 * statements a page instead of three per record. The run keeps the clients in memory; it flushes
 * before it reads evidence (which stands on clients), and before it returns.
 */
export interface DeferredLinkWrites {
  /** record id → its new client (null: nobody's). */
  clients: Map<number, number | null>;
  /** record id → its new decision, or null: the rules' decision is withdrawn. */
  links: Map<number, RecordLinkValues | null>;
  audits: { entry: AuditEntry; at: number }[];
}

export function deferLinkWrites(): DeferredLinkWrites {
  return { clients: new Map(), links: new Map(), audits: [] };
}

export async function flushLinkWrites(q: Queryable, deferred: DeferredLinkWrites): Promise<void> {
  const withdrawn: number[] = [];
  const decided: RecordLinkValues[] = [];
  for (const [recordId, link] of deferred.links) {
    if (link) decided.push(link);
    else withdrawn.push(recordId);
  }
  await updateRecordsClients(q, [...deferred.clients].map(([recordId, clientId]) => ({ recordId, clientId })));
  await deleteRuleLinks(q, withdrawn);
  await upsertRecordLinks(q, decided);
  await insertAuditEntries(q, deferred.audits);
  deferred.clients.clear();
  deferred.links.clear();
  deferred.audits.length = 0;
}

/**
 * The one place a record's client changes: records.client_id (what the portal reads) and its
 * record_links row (how it was decided) move together. Returns whether the client changed.
 * Must run inside the caller's transaction. `current` is the record's client as the caller just
 * read it in that transaction (resolveLinks holds it): then it is not read again. With `deferred`
 * the new client, the decision and its audit are collected (see DeferredLinkWrites).
 */
export async function setRecordClient(q: Queryable, change: RecordClientChange, now = Date.now(), current?: { client_id: number | null }, deferred?: DeferredLinkWrites): Promise<boolean> {
  if (!current) {
    const found = await findRecordClient(q, change.recordId);
    if (!found) throw new Error(`No record ${change.recordId}`);
    current = { client_id: found.clientId };
  }
  const moved = current.client_id !== change.clientId;
  if (moved && deferred) deferred.clients.set(change.recordId, change.clientId);
  else if (moved) await updateRecordClient(q, change.recordId, change.clientId);
  const link = change.method === null ? null : { recordId: change.recordId, workspaceId: change.workspaceId, clientId: change.clientId, method: change.method, detail: JSON.stringify(change.detail), confidence: change.confidence, manual: change.manual, decidedBy: change.decidedBy, decidedAt: now };
  if (deferred) deferred.links.set(change.recordId, link);
  else if (link) await upsertRecordLinks(q, [link]);
  else await deleteRuleLinks(q, [change.recordId]);
  if (change.audit && (moved || change.manual)) {
    const entry: AuditEntry = {
      workspaceId: change.workspaceId,
      ...change.audit,
      subjectType: 'record',
      subjectId: change.recordId,
      clientId: change.clientId ?? current.client_id,
      details: { from: current.client_id, to: change.clientId, method: change.method, ...change.detail },
    };
    if (deferred) deferred.audits.push({ entry, at: now });
    else await insertAuditEntry(q, entry, now);
  }
  return moved;
}
