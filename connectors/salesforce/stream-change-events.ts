import { StreamingExtension } from 'jsforce/lib/api/streaming.js';
import type { ConnectorContext, StreamBatch, StreamHandlers } from '../../src/connector-kit/index.js';
import { salesforceConnection } from './create-salesforce-connection.js';
import { isSalesforceObjectType } from './sobject-types.js';

/** All change events of the org's selected objects (Setup → Change Data Capture). */
export const CHANGE_EVENTS_CHANNEL = '/data/ChangeEvents';

interface ChangeEventMessage {
  payload?: {
    ChangeEventHeader?: { entityName?: string; recordIds?: string[]; changeType?: string; commitTimestamp?: number };
  };
  event?: { replayId?: number };
}

interface FayeSubscription extends PromiseLike<void> {
  cancel(): void;
  errback?(fn: (error: Error) => void): void;
}

interface FayeClient {
  subscribe(channel: string, listener: (message: ChangeEventMessage) => void): FayeSubscription;
  disconnect(): void;
}

/** Turns one CDC message into a batch: CREATE/UPDATE/UNDELETE fetch, DELETE tombstones, GAP_* re-poll. */
export function changeEventBatch(message: ChangeEventMessage): StreamBatch | null {
  const header = message.payload?.ChangeEventHeader;
  const replayId = message.event?.replayId;
  if (!header?.entityName || replayId == null) return null;
  const objectType = header.entityName;
  const ids = header.recordIds ?? [];
  const type = header.changeType ?? '';
  const base = { objectType, changedIds: [] as string[], deleted: [] as StreamBatch['deleted'], gap: false, position: { replayId } };
  if (type.startsWith('GAP_')) return { ...base, gap: true };
  if (type === 'DELETE') return { ...base, deleted: ids.map((id) => ({ id, at: header.commitTimestamp ?? null })) };
  return { ...base, changedIds: ids };
}

/**
 * Subscribes to Change Data Capture through jsforce's streaming client with the Replay
 * extension: from the stored replay id after a restart (Salesforce retains events 72 hours),
 * otherwise new events only. Events only say which records changed: the engine fetches them.
 */
export async function streamChangeEvents(ctx: ConnectorContext, handlers: StreamHandlers): Promise<{ close(): Promise<void> }> {
  const conn = await salesforceConnection(ctx);
  const resume = (handlers.resumeFrom as { replayId?: number } | null)?.replayId ?? -1;
  let chain = Promise.resolve();
  let confirmed = false;
  let refuse: (error: Error) => void = () => {};
  const refused = new Promise<never>((_, reject) => (refuse = reject));
  refused.catch(() => {});
  const streaming = (conn as unknown as { streaming: { createClient(extensions: unknown[]): FayeClient } }).streaming;
  const client = streaming.createClient([
    new StreamingExtension.Replay(CHANGE_EVENTS_CHANNEL, resume),
    new StreamingExtension.AuthFailure(() => {
      // The session expired under the stream: renew it now so the reopened stream has a valid one.
      const renewed = ctx.refreshAccessToken().then(
        () => new Error('Salesforce refused the streaming session (401); reopening with a renewed token'),
        (error: unknown) => new Error(`Salesforce refused the streaming session and the token could not be renewed: ${error instanceof Error ? error.message : String(error)}`),
      );
      void renewed.then((error) => {
        client.disconnect();
        if (confirmed) handlers.onError(error);
        else refuse(error);
      });
    }),
  ]);
  const subscription = client.subscribe(CHANGE_EVENTS_CHANNEL, (message) => {
    const batch = changeEventBatch(message);
    if (!batch || !isSalesforceObjectType(batch.objectType)) return;
    // Applied strictly in order, so the stored replay id never runs ahead of what was applied.
    chain = chain.then(() => handlers.onBatch(batch)).catch((error: unknown) => handlers.onError(error instanceof Error ? error : new Error(String(error))));
  });
  subscription.errback?.((error) => handlers.onError(error));
  // Open means subscribed: events from now on (or from the replay id) will arrive.
  const subscribed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Salesforce streaming subscription not confirmed within 30 s')), 30_000);
    subscription.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        client.disconnect();
        reject(error instanceof Error ? error : new Error(String((error as { message?: string })?.message ?? error)));
      },
    );
  });
  await Promise.race([subscribed, refused]);
  confirmed = true;
  return {
    async close() {
      subscription.cancel();
      client.disconnect();
      await chain;
    },
  };
}
