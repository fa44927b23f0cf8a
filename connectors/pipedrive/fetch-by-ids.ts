import type { ConnectorContext, PulledRecord } from '../../src/connector-kit/index.js';
import { attachParticipants } from './attach-participants.js';
import { callPipedrive } from './call-pipedrive.js';
import { listPage } from './list-page.js';
import { isListedObjectType, toMillis, type PipedriveDeal, type PipedriveUser } from './pipedrive-records.js';

/** The v2 lists take at most 100 ids at once. */
const IDS_PER_CALL = 100;

const tombstone = (objectType: string, id: string): PulledRecord => ({ objectType, externalId: id, updatedAt: null, deleted: true, raw: { tombstone: true, id } });

/**
 * Current state of records a webhook or a relation names, through the v2 lists' `ids` filter
 * (100 a call). The lists leave deleted records out, so an id that does not come back was deleted
 * (or merged away): it comes back as a tombstone.
 */
export async function fetchByIds(ctx: ConnectorContext, objectType: string, externalIds: string[]): Promise<PulledRecord[]> {
  const ids = [...new Set(externalIds)].filter((id) => /^\d+$/.test(id));
  const unreadable = [...new Set(externalIds)].filter((id) => !/^\d+$/.test(id));
  if (objectType === 'users') return [...(await fetchUsers(ctx, ids)), ...unreadable.map((id) => tombstone(objectType, id))];
  if (!isListedObjectType(objectType)) throw new Error(`Pipedrive connector cannot fetch "${objectType}"`);
  const records: PulledRecord[] = unreadable.map((id) => tombstone(objectType, id));
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
    const chunk = ids.slice(i, i + IDS_PER_CALL);
    const page = await listPage(ctx, objectType, { ids: chunk.map(Number) });
    if (objectType === 'deals') await attachParticipants(ctx, page.items as PipedriveDeal[]);
    const seen = new Set<string>();
    for (const item of page.items) {
      const id = String(item.id);
      seen.add(id);
      const deleted = item.is_deleted === true || (item as PipedriveDeal).status === 'deleted';
      records.push({ objectType, externalId: id, updatedAt: toMillis(item.update_time), deleted, raw: item });
    }
    for (const id of chunk) if (!seen.has(id)) records.push(tombstone(objectType, id));
  }
  return records;
}

/** Users are few and listed whole in one call: cheaper than one call per id. */
async function fetchUsers(ctx: ConnectorContext, ids: string[]): Promise<PulledRecord[]> {
  if (ids.length === 0) return [];
  const response = await callPipedrive(ctx, (client) => client.users.getUsers());
  const users = new Map(((response.data ?? []) as PipedriveUser[]).map((user) => [String(user.id), user]));
  return ids.map((id) => {
    const user = users.get(id);
    if (!user) return tombstone('users', id);
    return { objectType: 'users', externalId: id, updatedAt: toMillis(user.modified), deleted: user.active_flag === false || user.is_deleted === true, raw: user };
  });
}
