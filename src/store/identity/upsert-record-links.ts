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

/** How records' clients were decided: one row per record, replaced by the newest decision (100 rows a statement). */
export async function upsertRecordLinks(q: Queryable, links: RecordLinkValues[]): Promise<void> {
  for (let i = 0; i < links.length; i += 100) {
    const rows = links.slice(i, i + 100).map((link) => ({
      record_id: link.recordId,
      workspace_id: link.workspaceId,
      client_id: link.clientId,
      method: link.method,
      detail: link.detail,
      confidence: link.confidence,
      manual: link.manual ? 1 : 0,
      decided_by: link.decidedBy,
      decided_at: link.decidedAt,
    }));
    await q
      .insertInto('record_links')
      .values(rows)
      .onConflict((oc) =>
        oc.column('record_id').doUpdateSet((eb) => ({
          client_id: eb.ref('excluded.client_id'),
          method: eb.ref('excluded.method'),
          detail: eb.ref('excluded.detail'),
          confidence: eb.ref('excluded.confidence'),
          manual: eb.ref('excluded.manual'),
          decided_by: eb.ref('excluded.decided_by'),
          decided_at: eb.ref('excluded.decided_at'),
        })),
      )
      .execute();
  }
}
