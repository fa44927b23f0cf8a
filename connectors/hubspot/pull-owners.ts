import type { ConnectorContext, PullPage } from '../../src/connector-kit/index.js';
import { callHubSpot } from './call-hubspot.js';
import { toMillis } from './object-types.js';

/** Owners are few and not searchable: every pull lists them all (the content hash skips unchanged ones). */
export async function* pullOwners(ctx: ConnectorContext): AsyncGenerator<PullPage> {
  let after: string | undefined;
  do {
    const response = await callHubSpot(ctx, (client) => client.crm.owners.ownersApi.getPage(undefined, after, 100, false));
    const owners = response.results.map((o) => JSON.parse(JSON.stringify(o)) as { id: string; updatedAt?: string });
    after = response.paging?.next?.after;
    yield {
      records: owners.map((owner) => ({ objectType: 'owners', externalId: owner.id, updatedAt: toMillis(owner.updatedAt), deleted: false, raw: owner })),
      cursor: { listedAt: Date.now() },
      // The owners list is always complete: an owner no longer listed was removed or deactivated.
      complete: !after,
    };
  } while (after);
}
