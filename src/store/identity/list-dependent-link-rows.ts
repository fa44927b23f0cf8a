import type { Queryable } from '../store.js';
import { chunksOf, selectLinkRows, type LinkRow } from './link-row.js';

const DEPENDENT_KINDS = ['contact', 'deal', 'request', 'invoice', 'credit_note', 'task', 'payment'];

/**
 * Live records in the same connection that point at these roots (by customer, company or project
 * reference): one query per connection (and 500 roots), not one per root. Each record comes once,
 * with the first root (in the order given) it points at, then by id.
 */
export async function listDependentLinkRows(q: Queryable, roots: { connection_id: number; external_id: string }[]): Promise<(LinkRow & { root: number })[]> {
  const byConnection = new Map<number, string[]>();
  for (const root of roots) {
    const ids = byConnection.get(root.connection_id) ?? [];
    if (!byConnection.has(root.connection_id)) byConnection.set(root.connection_id, ids);
    ids.push(root.external_id);
  }
  const found = new Map<number, LinkRow & { customer_external_id: string | null; project_external_id: string | null; refs: Set<string> }>();
  for (const [connectionId, externalIds] of byConnection) {
    for (const chunk of chunksOf([...new Set(externalIds)])) {
      const rows = await selectLinkRows(q)
        .select(['r.customer_external_id', 'r.project_external_id'])
        .where('r.connection_id', '=', connectionId)
        .where('r.deleted', '=', 0)
        .where('r.kind', 'in', DEPENDENT_KINDS)
        .where((eb) =>
          eb.or([
            eb('r.customer_external_id', 'in', chunk),
            eb('r.project_external_id', 'in', chunk),
            eb.exists(eb.selectFrom('record_refs as x').select('x.record_id').whereRef('x.record_id', '=', 'r.id').where('x.ref_kind', '=', 'company').where('x.external_id', 'in', chunk)),
          ]),
        )
        .execute();
      for (const row of rows) if (!found.has(row.id)) found.set(row.id, { ...(row as LinkRow), customer_external_id: row.customer_external_id, project_external_id: row.project_external_id, refs: new Set() });
    }
  }
  if (found.size === 0) return [];
  // Which company ids each found record references (to place it under the first root it points at).
  for (const chunk of chunksOf([...found.keys()])) {
    const refs = await q.selectFrom('record_refs').select(['record_id', 'external_id']).where('record_id', 'in', chunk).where('ref_kind', '=', 'company').execute();
    for (const ref of refs) found.get(ref.record_id)?.refs.add(ref.external_id);
  }
  const out: (LinkRow & { root: number })[] = [];
  for (const row of found.values()) {
    const root = roots.findIndex((r) => r.connection_id === row.connection_id && (row.customer_external_id === r.external_id || row.project_external_id === r.external_id || row.refs.has(r.external_id)));
    const { customer_external_id: _c, project_external_id: _p, refs: _r, ...link } = row;
    out.push({ ...link, root });
  }
  return out.sort((a, b) => a.root - b.root || a.id - b.id);
}
