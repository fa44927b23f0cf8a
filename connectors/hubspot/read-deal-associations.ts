import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { callHubSpot } from './call-hubspot.js';
import type { HubSpotObject } from './hubspot-object.js';

/**
 * Search and batch read do not return associations, so deals get theirs from the v4
 * batch association API and carry them in the v3 shape getById uses:
 * `associations.<type>.results[].id`. One shape for every path keeps the mapping single.
 */
export async function attachAssociations(ctx: ConnectorContext, fromType: string, objects: HubSpotObject[], toTypes: string[]): Promise<void> {
  if (objects.length === 0 || toTypes.length === 0) return;
  for (const toType of toTypes) {
    const found = new Map<string, string[]>();
    for (let i = 0; i < objects.length; i += 1000) {
      const inputs = objects.slice(i, i + 1000).map((o) => ({ id: o.id }));
      const response = await callHubSpot(ctx, (client) => client.crm.associations.v4.batchApi.getPage(fromType, toType, { inputs }));
      for (const result of response.results) {
        found.set(String(result._from.id), result.to.map((t) => String(t.toObjectId)));
      }
    }
    for (const object of objects) {
      object.associations = {
        ...object.associations,
        [toType]: { results: (found.get(object.id) ?? []).map((id) => ({ id, type: `${fromType.replace(/s$/, '')}_to_${toType.replace(/s$/, '')}` })) },
      };
    }
  }
}
