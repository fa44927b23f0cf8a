import type { Queryable } from '../store.js';
import { chunksOf } from './link-row.js';

/** The raw provider payloads of these records, by id (read only where a configured field path looks into them). */
export async function listRecordRaws(q: Queryable, recordIds: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const chunk of chunksOf([...new Set(recordIds)])) for (const row of await q.selectFrom('records').select(['id', 'raw']).where('id', 'in', chunk).execute()) out.set(row.id, row.raw);
  return out;
}
