import type { ConnectorContext, PulledRecord } from '../../src/connector-kit/index.js';
import type { QuickBooksEntity } from './quickbooks-entity.js';
import { callQuickBooks } from './call-quickbooks.js';
import { qbo } from './create-quickbooks-client.js';
import { FINDERS, isQuickBooksEntityType } from './entity-types.js';
import { activeAndInactive, toPulled } from './pull-entities.js';

const CHUNK = 100;

/** Current state of entities named by a webhook; ids QuickBooks no longer returns were deleted. */
export async function fetchByIds(ctx: ConnectorContext, objectType: string, externalIds: string[]): Promise<PulledRecord[]> {
  if (!isQuickBooksEntityType(objectType)) throw new Error(`QuickBooks connector cannot fetch "${objectType}"`);
  const ids = [...new Set(externalIds)];
  const out: PulledRecord[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    for (const id of chunk) if (!/^\d+$/.test(id)) throw new Error(`Not a QuickBooks id: "${id}"`);
    const criteria = [{ field: 'Id', value: chunk, operator: 'IN' }, ...activeAndInactive(objectType)];
    const body = await callQuickBooks(ctx, (client) => qbo<{ QueryResponse?: Record<string, QuickBooksEntity[]> }>((done) => FINDERS[objectType](client, criteria, done as (e: unknown, b: unknown) => void)));
    const found = new Map(((body.QueryResponse?.[objectType] as QuickBooksEntity[] | undefined) ?? []).map((entity) => [entity.Id, entity]));
    for (const id of chunk) {
      const entity = found.get(id);
      out.push(entity ? toPulled(objectType, entity) : { objectType, externalId: id, updatedAt: null, deleted: true, raw: { tombstone: true, Id: id } });
    }
  }
  return out;
}
