import { ProviderError, type ConnectorContext } from '../../src/connector-kit/index.js';
import { callHubSpot } from './call-hubspot.js';

/** HubSpot refuses a v4 association batch read of more than 1 000 inputs. */
export const ASSOCIATION_BATCH_INPUTS = 1000;
/**
 * Pages read for one record before giving up: HubSpot pages 500 associations at a time, so 200
 * pages is 100 000 associations of one type on one record, far past any record's real limit; more
 * means the paging token is not moving on, and reading on would never end.
 */
export const MAX_ASSOCIATION_PAGES = 200;

interface PendingInput {
  id: string;
  after?: string;
  pages: number;
}

/**
 * Every association of each record (v4 batch read), in the order HubSpot lists them: HubSpot
 * answers at most 500 per record per page, and a record with more carries `paging.next.after`,
 * sent back as `{ id, after }` until it is absent. Records still paging share the next requests
 * (at most 1 000 inputs each). A record without associations (HubSpot's 207
 * NO_ASSOCIATIONS_FOUND) maps to an empty list. Each call goes through `callHubSpot`.
 */
export async function readAllAssociations(ctx: ConnectorContext, fromType: string, toType: string, ids: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  let pending: PendingInput[] = [...new Set(ids)].map((id) => ({ id, pages: 0 }));
  for (const { id } of pending) found.set(id, []);
  while (pending.length > 0) {
    const batch = pending.slice(0, ASSOCIATION_BATCH_INPUTS);
    const rest = pending.slice(ASSOCIATION_BATCH_INPUTS);
    const inputs = batch.map(({ id, after }) => (after === undefined ? { id } : { id, after }));
    const response = await callHubSpot(ctx, (client) => client.crm.associations.v4.batchApi.getPage(fromType, toType, { inputs }));
    const asked = new Map(batch.map((input) => [input.id, input]));
    const more: PendingInput[] = [];
    for (const result of response.results) {
      const input = asked.get(String(result._from.id));
      if (!input) continue;
      found.get(input.id)!.push(...result.to.map((to) => String(to.toObjectId)));
      const after = result.paging?.next?.after;
      if (!after) continue;
      if (input.pages + 1 >= MAX_ASSOCIATION_PAGES) {
        throw new ProviderError(
          `HubSpot kept paging the ${toType} of ${fromType.replace(/s$/, '')} ${input.id} past ${MAX_ASSOCIATION_PAGES} pages (${found.get(input.id)!.length} read): stopped reading them`,
          false,
        );
      }
      more.push({ id: input.id, after, pages: input.pages + 1 });
    }
    pending = [...rest, ...more];
  }
  return found;
}
