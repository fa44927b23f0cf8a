import type { ConnectorContext } from '../../src/connector-kit/index.js';
import type { AsanaAnswer } from './asana-client.js';
import { asanaStatus, callAsana, type AsanaSdkError } from './call-asana.js';

/** One event as GET /events documents it: compact resource and parent, the action, when. */
export interface AsanaEvent {
  user?: { gid?: string; name?: string } | null;
  resource?: { gid?: string; resource_type?: string; resource_subtype?: string; name?: string } | null;
  parent?: { gid?: string; resource_type?: string } | null;
  action?: string;
  type?: string;
  created_at?: string;
  change?: { field?: string; action?: string } | null;
}

export type EventBatch =
  | { kind: 'events'; events: AsanaEvent[]; sync: string; hasMore: boolean }
  /** The token was missing or too old: Asana answered 412 with a fresh one; what happened in between is unknown. */
  | { kind: 'expired'; sync: string };

interface EventsBody {
  data?: AsanaEvent[];
  sync?: string;
  has_more?: boolean;
}

/**
 * GET /events?resource=<project>&sync=<token>: at most 100 events, a new token, and `has_more`
 * (both only on the raw body, which is why the client runs with RETURN_COLLECTION off). A stale
 * or absent token is a 412 whose body carries a fresh token: that is returned, not thrown.
 */
export async function readEventBatch(ctx: ConnectorContext, resourceGid: string, sync: string | undefined): Promise<EventBatch> {
  return callAsana<EventBatch>(ctx, async (apis) => {
    try {
      const answer = (await apis.events.getEventsWithHttpInfo(resourceGid, sync ? { sync } : {})) as AsanaAnswer<EventsBody>;
      const body = answer.data ?? {};
      if (!body.sync) throw new Error(`Asana events for ${resourceGid} came back without a sync token`);
      return { data: { kind: 'events', events: body.data ?? [], sync: body.sync, hasMore: body.has_more === true }, response: answer.response };
    } catch (caught) {
      const fresh = (caught as AsanaSdkError).response?.body?.sync;
      if (asanaStatus(caught) === 412 && typeof fresh === 'string' && fresh) return { data: { kind: 'expired', sync: fresh }, response: {} };
      throw caught;
    }
  });
}

/** A token from which later events of this resource can be read (the first request without one answers 412 with it). */
export async function freshSyncToken(ctx: ConnectorContext, resourceGid: string): Promise<string> {
  const batch = await readEventBatch(ctx, resourceGid, undefined);
  // Asana may also answer a tokenless request with events and a token: either way the token is what counts.
  return batch.sync;
}
