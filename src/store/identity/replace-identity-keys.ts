import type { Queryable } from '../store.js';
import { chunksOf } from './link-row.js';

export interface IdentityKeyRow {
  subject: string;
  subject_id: number;
  workspace_id: number;
  key_type: string;
  key: string;
}

/** The keys of these subjects become exactly `keys`: the old ones go, the new ones are written (a duplicate once). */
export async function replaceIdentityKeys(q: Queryable, subjects: { subject: string; subject_id: number }[], keys: IdentityKeyRow[]): Promise<void> {
  const bySubject = new Map<string, number[]>();
  for (const { subject, subject_id } of subjects) {
    const ids = bySubject.get(subject) ?? [];
    if (!bySubject.has(subject)) bySubject.set(subject, ids);
    ids.push(subject_id);
  }
  for (const [subject, ids] of bySubject) for (const chunk of chunksOf(ids)) await q.deleteFrom('identity_keys').where('subject', '=', subject).where('subject_id', 'in', chunk).execute();
  // Five values a row: 100 rows a statement stay far below either engine's parameter limit.
  for (const chunk of chunksOf(keys, 100)) await q.insertInto('identity_keys').values(chunk).onConflict((oc) => oc.columns(['subject', 'subject_id', 'key_type', 'key']).doNothing()).execute();
}
