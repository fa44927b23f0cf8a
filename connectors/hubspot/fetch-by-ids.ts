import type { ConnectorContext, PulledRecord } from '../../src/connector-kit/index.js';
import type { HubSpotObject } from './hubspot-object.js';
import { callHubSpot } from './call-hubspot.js';
import { SEARCHABLE, isSearchable, requestedProperties, toMillis } from './object-types.js';
import { attachAssociations } from './read-deal-associations.js';

const BATCH_SIZE = 100;

/**
 * Current state of records named by a webhook or a relation. Ids HubSpot no longer
 * returns were deleted (or merged away): they come back as tombstones.
 */
export async function fetchByIds(ctx: ConnectorContext, objectType: string, externalIds: string[]): Promise<PulledRecord[]> {
  const ids = [...new Set(externalIds)];
  if (objectType === 'owners') return fetchOwners(ctx, ids);
  if (!isSearchable(objectType)) throw new Error(`HubSpot connector cannot fetch "${objectType}"`);
  const spec = SEARCHABLE[objectType];
  const records: PulledRecord[] = [];
  for (let i = 0; i < ids.length; i += BATCH_SIZE) {
    const chunk = ids.slice(i, i + BATCH_SIZE);
    const response = await callHubSpot(ctx, (client) =>
      client.crm.objects.batchApi.read(objectType, { inputs: chunk.map((id) => ({ id })), properties: requestedProperties(ctx.config, objectType), propertiesWithHistory: [] }, false),
    );
    const objects = response.results.map((r) => JSON.parse(JSON.stringify(r)) as HubSpotObject);
    await attachAssociations(ctx, objectType, objects, spec.associations);
    const seen = new Set(objects.map((o) => o.id));
    for (const object of objects) {
      records.push({
        objectType,
        externalId: object.id,
        updatedAt: toMillis(object.properties[spec.modifiedProperty]) ?? toMillis(object.updatedAt),
        deleted: false,
        raw: object,
      });
    }
    for (const id of chunk.filter((id) => !seen.has(id))) {
      records.push({ objectType, externalId: id, updatedAt: null, deleted: true, raw: { tombstone: true, id } });
    }
  }
  return records;
}

async function fetchOwners(ctx: ConnectorContext, ids: string[]): Promise<PulledRecord[]> {
  const records: PulledRecord[] = [];
  for (const id of ids) {
    try {
      const owner = JSON.parse(JSON.stringify(await callHubSpot(ctx, (client) => client.crm.owners.ownersApi.getById(Number(id), 'id', false)))) as {
        id: string;
        updatedAt?: string;
      };
      records.push({ objectType: 'owners', externalId: owner.id, updatedAt: toMillis(owner.updatedAt), deleted: false, raw: owner });
    } catch (error) {
      if ((error as { status?: number }).status === 404) {
        records.push({ objectType: 'owners', externalId: id, updatedAt: null, deleted: true, raw: { tombstone: true, id } });
      } else throw error;
    }
  }
  return records;
}
