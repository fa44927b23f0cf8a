import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { readAllAssociations } from './read-all-associations.js';
import type { HubSpotObject } from './hubspot-object.js';

/**
 * Search and batch read do not return associations, so deals get theirs from the v4
 * batch association API and carry them in the v3 shape getById uses:
 * `associations.<type>.results[].id` (every page: a deal may have more than 500 contacts).
 * One shape for every path keeps the mapping single.
 */
export async function attachAssociations(ctx: ConnectorContext, fromType: string, objects: HubSpotObject[], toTypes: string[]): Promise<void> {
  if (objects.length === 0 || toTypes.length === 0) return;
  const ids = objects.map((o) => o.id);
  for (const toType of toTypes) {
    const found = await readAllAssociations(ctx, fromType, toType, ids);
    for (const object of objects) {
      object.associations = {
        ...object.associations,
        [toType]: { results: (found.get(object.id) ?? []).map((id) => ({ id, type: `${fromType.replace(/s$/, '')}_to_${toType.replace(/s$/, '')}` })) },
      };
    }
  }
}
