import express from 'express';
import { randomBytes } from 'node:crypto';
import type { SalesforceEmulatorStore } from './salesforce-emulator-store.js';

interface BayeuxMessage {
  channel: string;
  id?: string;
  clientId?: string;
  subscription?: string;
  ext?: { replay?: Record<string, number> };
}

interface ClientState {
  subscriptions: Map<string, number>;
}

/**
 * A Bayeux (CometD) long-polling endpoint like Salesforce's /cometd/<version>, enough for
 * jsforce's faye client: handshake, subscribe with the replay extension (-1 new events only,
 * -2 all retained, N after replay id N), connect (held until events or a short timeout), disconnect.
 * Change events carry Salesforce's envelope: { schema, payload: { ChangeEventHeader, ... }, event: { replayId } }.
 */
export function cometdEndpoint(store: SalesforceEmulatorStore, isValidToken: (token: string) => boolean, holdMs = 1500): express.Router {
  const router = express.Router();
  const clients = new Map<string, ClientState>();
  router.post('/cometd/:version', express.json({ type: () => true }), async (req, res) => {
    const messages = (Array.isArray(req.body) ? req.body : [req.body]) as BayeuxMessage[];
    const replies: unknown[] = [];
    // Salesforce answers an invalid session on the Bayeux channel itself, advising not to reconnect.
    const token = /^OAuth (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!isValidToken(token)) {
      return res.json(messages.map((m) => ({ channel: m.channel, id: m.id, clientId: m.clientId, successful: false, error: '401::Authentication invalid', advice: { reconnect: 'none' } })));
    }
    for (const message of messages) {
      const base = { channel: message.channel, id: message.id, clientId: message.clientId };
      switch (message.channel) {
        case '/meta/handshake': {
          const clientId = randomBytes(10).toString('hex');
          clients.set(clientId, { subscriptions: new Map() });
          replies.push({ ...base, clientId, successful: true, version: '1.0', supportedConnectionTypes: ['long-polling'], advice: { reconnect: 'retry', interval: 0, timeout: 110_000 } });
          break;
        }
        case '/meta/subscribe': {
          const client = message.clientId ? clients.get(message.clientId) : undefined;
          if (!client || !message.subscription) {
            replies.push({ ...base, successful: false, error: '403::Unknown client', advice: { reconnect: 'handshake' } });
            break;
          }
          const replay = message.ext?.replay?.[message.subscription] ?? -1;
          client.subscriptions.set(message.subscription, replay === -1 ? store.lastReplayId() : replay === -2 ? 0 : replay);
          replies.push({ ...base, subscription: message.subscription, successful: true });
          break;
        }
        case '/meta/connect': {
          const client = message.clientId ? clients.get(message.clientId) : undefined;
          if (!client) {
            replies.push({ ...base, successful: false, error: '403::Unknown client', advice: { reconnect: 'handshake' } });
            break;
          }
          const deadline = Date.now() + holdMs;
          let events = pending(store, client);
          while (events.length === 0 && Date.now() < deadline && !res.destroyed) {
            await new Promise((r) => setTimeout(r, 50));
            events = pending(store, client);
          }
          replies.push(...events, { ...base, successful: true, advice: { reconnect: 'retry', interval: 0, timeout: 110_000 } });
          break;
        }
        case '/meta/disconnect':
          if (message.clientId) clients.delete(message.clientId);
          replies.push({ ...base, successful: true });
          break;
        case '/meta/unsubscribe':
          if (message.clientId && message.subscription) clients.get(message.clientId)?.subscriptions.delete(message.subscription);
          replies.push({ ...base, subscription: message.subscription, successful: true });
          break;
        default:
          replies.push({ ...base, successful: false, error: `400::Unknown channel ${message.channel}` });
      }
    }
    if (!res.destroyed) res.json(replies);
  });
  return router;
}

function pending(store: SalesforceEmulatorStore, client: ClientState): unknown[] {
  const out: unknown[] = [];
  for (const [channel, after] of client.subscriptions) {
    const events = store.changeEvents.filter((e) => e.replayId > after && (channel === '/data/ChangeEvents' || channel === `/data/${e.entityName}ChangeEvent`));
    for (const event of events) {
      out.push({
        channel,
        data: {
          schema: 'emulated-schema-id',
          payload: { ChangeEventHeader: { entityName: event.entityName, recordIds: event.recordIds, changeType: event.changeType, changeOrigin: 'com/salesforce/api/rest/62.0', transactionKey: event.transactionKey, sequenceNumber: 1, commitTimestamp: event.commitTimestamp, commitNumber: event.replayId, commitUser: '0055e0000000000AAA' } },
          event: { replayId: event.replayId },
        },
      });
      client.subscriptions.set(channel, Math.max(client.subscriptions.get(channel) ?? 0, event.replayId));
    }
  }
  return out;
}
