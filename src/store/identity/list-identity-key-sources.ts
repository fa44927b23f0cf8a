import type { Queryable } from '../store.js';
import { chunksOf } from './link-row.js';

export interface IdentityKeySource {
  subject: 'record' | 'client' | 'portal_user';
  id: number;
  workspace_id: number;
  kind?: string;
  data?: string;
  name?: string;
  email?: string;
}

/** The fields identity keys are computed from, for these rows (records, clients, portal users); a row gone is absent. */
export async function listIdentityKeySources(q: Queryable, ids: { record: number[]; client: number[]; portal_user: number[] }): Promise<IdentityKeySource[]> {
  const out: IdentityKeySource[] = [];
  for (const chunk of chunksOf(ids.record)) for (const row of await q.selectFrom('records').select(['id', 'workspace_id', 'kind', 'data']).where('id', 'in', chunk).execute()) out.push({ subject: 'record', ...row });
  for (const chunk of chunksOf(ids.client)) for (const row of await q.selectFrom('clients').select(['id', 'workspace_id', 'name']).where('id', 'in', chunk).execute()) out.push({ subject: 'client', ...row });
  for (const chunk of chunksOf(ids.portal_user)) for (const row of await q.selectFrom('portal_users').select(['id', 'workspace_id', 'email']).where('id', 'in', chunk).execute()) out.push({ subject: 'portal_user', ...row });
  return out;
}
