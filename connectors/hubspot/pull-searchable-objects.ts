import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import { type ConnectorContext, type PullOptions, type PullPage, type PulledRecord, ProviderError, cursorAfterPass } from '../../src/connector-kit/index.js';
import type { HubSpotObject } from './hubspot-object.js';
import { callHubSpot } from './call-hubspot.js';
import { SEARCHABLE, requestedProperties, toMillis, type SearchableType } from './object-types.js';
import { attachAssociations } from './read-deal-associations.js';
import { hubspotSettings } from './settings.js';

export const SEARCH_PAGE_SIZE = 200;
/** HubSpot's search refuses to page past its 10 000th result. */
export const SEARCH_RESULT_CEILING = 10_000;

export interface SearchCursor {
  /** Last-modified time (ms) of the newest record stored so far; after a completed pass, when it started (less the overlap). */
  since: number | null;
}

interface Filter {
  propertyName: string;
  operator: string;
  value: string;
}

/**
 * Incremental pull through the CRM search API, ascending by last-modified time.
 * - starts `overlapMs` behind the cursor: the search index lags writes by seconds, and a
 *   strict "greater than the last cursor" silently misses records;
 * - never pages into the 10 000-result ceiling: before reaching it the filter is
 *   re-anchored on the last time seen (GTE), and when more than a whole window share one
 *   timestamp it walks them by hs_object_id instead, so no record is skipped;
 * - yields each page with the cursor to resume from.
 */
export async function* pullSearchableObjects(ctx: ConnectorContext, objectType: SearchableType, options: PullOptions): AsyncGenerator<PullPage> {
  const spec = SEARCHABLE[objectType];
  const startedAt = Date.now();
  const start = (options.cursor as SearchCursor | null)?.since ?? null;
  let since = start;
  let anchor: { time: number; afterId?: string } | null = start == null ? null : { time: Math.max(0, start - options.overlapMs) };
  // The paging token is opaque; how far into the current window we are is counted here.
  let after: string | undefined;
  let consumed = 0;
  const searchBudget = [{ limit: Math.max(1, Math.floor(hubspotSettings.read(ctx.config).searchRequestsPerSecond)), windowMs: 1000 }];

  for (;;) {
    const filters: Filter[] = [];
    if (anchor?.afterId !== undefined) {
      filters.push({ propertyName: spec.modifiedProperty, operator: 'EQ', value: String(anchor.time) });
      filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: anchor.afterId });
    } else if (anchor) {
      filters.push({ propertyName: spec.modifiedProperty, operator: 'GTE', value: String(anchor.time) });
    }
    const sortBy = anchor?.afterId !== undefined ? 'hs_object_id' : spec.modifiedProperty;
    // HubSpot's search allowance is per account, not per pull: every concurrent pull of this portal
    // (companies, contacts, deals under `serve`) reserves from the same budget.
    await ctx.pace(searchPaceKey(ctx), searchBudget);
    const response = await callHubSpot(ctx, (client) =>
      client.crm.objects.searchApi.doSearch(objectType, {
        filterGroups: filters.length ? [{ filters: filters.map((f) => ({ ...f, operator: f.operator as FilterOperatorEnum })) }] : [],
        // The documented object form; the SDK types sorts as string[], and a bare name's direction is not documented.
        sorts: [{ propertyName: sortBy, direction: 'ASCENDING' } as unknown as string],
        properties: requestedProperties(ctx.config, objectType),
        limit: SEARCH_PAGE_SIZE,
        after,
      }),
    );
    const objects = response.results.map((r) => JSON.parse(JSON.stringify(r)) as HubSpotObject);
    await attachAssociations(ctx, objectType, objects, spec.associations);
    const records: PulledRecord[] = objects.map((object) => ({
      objectType,
      externalId: object.id,
      updatedAt: modifiedAt(object, spec.modifiedProperty),
      deleted: false,
      raw: object,
    }));
    for (const record of records) if (record.updatedAt != null && (since == null || record.updatedAt > since)) since = record.updatedAt;
    const next = response.paging?.next?.after;
    const finished = !next && anchor?.afterId === undefined;
    // A run that started from no cursor and reached the end has listed every live record; any run
    // that reached the end has read every change made before it started.
    const cursor: SearchCursor = { since: finished ? cursorAfterPass(since, startedAt, options.overlapMs) : since };
    yield { records, cursor, estimatedTotal: response.total, complete: start == null && finished };

    const last = objects.at(-1);
    if (!next || !last) {
      if (finished || !anchor) return;
      // The records sharing one timestamp are done: carry on strictly after it.
      anchor = { time: anchor.time + 1 };
      after = undefined;
      consumed = 0;
      continue;
    }
    consumed += objects.length;
    if (consumed + SEARCH_PAGE_SIZE <= SEARCH_RESULT_CEILING) {
      after = next;
      continue;
    }
    // About to hit the ceiling: restart the search from where we are.
    after = undefined;
    consumed = 0;
    if (anchor?.afterId !== undefined) {
      anchor = { time: anchor.time, afterId: last.id };
    } else {
      const lastTime = modifiedAt(last, spec.modifiedProperty);
      if (lastTime == null) throw new ProviderError(`HubSpot ${objectType} ${last.id} has no ${spec.modifiedProperty}`, false);
      anchor = anchor && lastTime <= anchor.time ? { time: lastTime, afterId: '0' } : { time: lastTime };
    }
  }
}

/** One key per HubSpot account (portal), whichever connection or pull searches it. */
export function searchPaceKey(ctx: ConnectorContext): string {
  const portal = ctx.settings.portalId ?? ctx.settings.accountId;
  return `hubspot-search:${portal ? String(portal) : `connection-${ctx.connectionId}`}`;
}

function modifiedAt(object: HubSpotObject, property: string): number | null {
  return toMillis(object.properties[property]) ?? toMillis(object.updatedAt);
}
