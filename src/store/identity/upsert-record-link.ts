import type { Queryable } from '../store.js';

export interface RecordLinkValues {
  recordId: number;
  workspaceId: number;
  clientId: number | null;
  method: string;
  detail: string;
  confidence: number;
  manual: boolean;
  decidedBy: string | null;
  decidedAt: number;
}

/** How a record's client was decided: one row per record, replaced by the newest decision. */
export async function upsertRecordLink(q: Queryable, link: RecordLinkValues): Promise<void> {
  const values = { client_id: link.clientId, method: link.method, detail: link.detail, confidence: link.confidence, manual: link.manual ? 1 : 0, decided_by: link.decidedBy, decided_at: link.decidedAt };
  await q
    .insertInto('record_links')
    .values({ record_id: link.recordId, workspace_id: link.workspaceId, ...values })
    .onConflict((oc) => oc.column('record_id').doUpdateSet(values))
    .execute();
}
