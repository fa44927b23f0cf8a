import type { Queryable } from '../store.js';
import { chunksOf } from './link-row.js';
import { compileOnce, slotRows } from '../common/prepared-query.js';

export interface IdentityKeyRow {
  subject: string;
  subject_id: number;
  workspace_id: number;
  key_type: string;
  key: string;
}

const COLUMNS = 5;

const insertKeys = compileOnce((q, slots, rows) =>
  q
    .insertInto('identity_keys')
    .values(slotRows(slots, rows, COLUMNS, (value) => ({ subject: value(0), subject_id: value(1), workspace_id: value(2), key_type: value(3), key: value(4) })))
    .onConflict((oc) => oc.columns(['subject', 'subject_id', 'key_type', 'key']).doNothing()),
);

/** The keys of these subjects become exactly `keys`: the old ones go, the new ones are written (a duplicate once). */
export async function replaceIdentityKeys(q: Queryable, subjects: { subject: string; subject_id: number }[], keys: IdentityKeyRow[]): Promise<void> {
  const bySubject = new Map<string, number[]>();
  for (const { subject, subject_id } of subjects) {
    const ids = bySubject.get(subject) ?? [];
    if (!bySubject.has(subject)) bySubject.set(subject, ids);
    ids.push(subject_id);
  }
  for (const [subject, ids] of bySubject) for (const chunk of chunksOf(ids)) await q.deleteFrom('identity_keys').where('subject', '=', subject).where('subject_id', 'in', chunk).execute();
  // Five values a row: 100 rows a statement stay far below either engine's parameter limit (each row count compiled once).
  for (const chunk of chunksOf(keys, 100)) {
    const values: unknown[] = [];
    for (const key of chunk) values.push(key.subject, key.subject_id, key.workspace_id, key.key_type, key.key);
    await insertKeys(q, chunk.length, values);
  }
}
