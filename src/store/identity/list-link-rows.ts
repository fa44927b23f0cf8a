import type { Queryable } from '../store.js';
import { chunksOf, selectLinkRows, type LinkRow } from './link-row.js';

/** The live records among these ids, with their link decisions (one query per 500 ids). */
export async function listLinkRows(q: Queryable, recordIds: number[]): Promise<LinkRow[]> {
  const out: LinkRow[] = [];
  for (const chunk of chunksOf(recordIds)) out.push(...((await selectLinkRows(q).where('r.id', 'in', chunk).where('r.deleted', '=', 0).execute()) as LinkRow[]));
  return out;
}
