/**
 * Asana webhooks. Creating one performs the handshake before answering, as Asana does: it POSTs
 * to the target with an `X-Hook-Secret` header and only creates the webhook when the target echoes
 * that header back with 200 or 204. Deliveries are `{ events: [...] }` signed with
 * `X-Hook-Signature` = hex HMAC-SHA256 of the body keyed with that secret.
 */
import { createHmac, randomBytes } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import type { AsanaEmulatorStore, AsanaEvent, AsanaRecord, Compact } from './asana-emulator-store.js';
import { AsanaError, optFields, paginate, present } from './asana-views.js';

export interface WebhookFilter {
  resource_type?: string;
  resource_subtype?: string;
  action?: string;
  fields?: string[];
}

interface Registration {
  gid: string;
  secret: string;
  resource: Compact;
  target: string;
  filters: WebhookFilter[];
  /** Last event seq delivered (or skipped) for this webhook. */
  cursor: number;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;

export function signAsanaWebhook(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function passes(event: AsanaEvent, filters: WebhookFilter[]): boolean {
  if (filters.length === 0) return true;
  return filters.some(
    (filter) =>
      (!filter.resource_type || filter.resource_type === event.resource.resource_type) &&
      (!filter.resource_subtype || filter.resource_subtype === event.resource.resource_subtype) &&
      (!filter.action || filter.action === event.action) &&
      (!filter.fields || (event.change !== undefined && filter.fields.includes(event.change.field))),
  );
}

export class AsanaWebhooks {
  readonly registrations = new Map<string, Registration>();

  constructor(private readonly store: AsanaEmulatorStore) {}

  secretOf(gid: string): string | undefined {
    return this.registrations.get(gid)?.secret;
  }

  /** Sends each webhook the events it has not had yet (one POST per webhook with events); returns the answers' statuses. */
  async deliverPending(): Promise<{ webhookGid: string; status: number; events: number }[]> {
    const results: { webhookGid: string; status: number; events: number }[] = [];
    for (const registration of this.registrations.values()) {
      const pending = this.store.eventsSince(registration.resource.gid, registration.cursor);
      if (pending.length === 0) continue;
      registration.cursor = pending.at(-1)!.seq;
      const events = pending.map((entry) => entry.event).filter((event) => passes(event, registration.filters));
      if (events.length === 0) continue;
      const response = await this.post(registration, { events });
      results.push({ webhookGid: registration.gid, status: response.status, events: events.length });
    }
    return results;
  }

  /** Asana's heartbeat: an empty, signed batch every 8 hours. */
  async heartbeat(gid: string): Promise<Response> {
    const registration = this.registrations.get(gid);
    if (!registration) throw new Error(`Asana emulator: no webhook ${gid}`);
    return this.post(registration, { events: [] });
  }

  private async post(registration: Registration, payload: { events: AsanaEvent[] }): Promise<Response> {
    const body = JSON.stringify(payload);
    return fetch(registration.target, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hook-signature': signAsanaWebhook(body, registration.secret) }, body });
  }

  view(registration: Registration): AsanaRecord {
    return { gid: registration.gid, resource_type: 'webhook', active: true, resource: registration.resource, target: registration.target, created_at: new Date().toISOString(), last_failure_at: null, last_failure_content: '', last_success_at: null, delivery_retry_count: 0, next_attempt_after: null, failure_deletion_timestamp: null, filters: registration.filters };
  }

  routes(): Router {
    const router = express.Router();
    router.post('/webhooks', express.json(), async (req, res) => {
      const data = (req.body as { data?: { resource?: string; target?: string; filters?: WebhookFilter[] } } | undefined)?.data;
      if (!data?.resource) throw new AsanaError(400, 'resource: Missing input');
      if (!data.target) throw new AsanaError(400, 'target: Missing input');
      const resource = this.store.get(data.resource);
      if (!resource) throw new AsanaError(404, `resource: Unknown object: ${data.resource}`);
      const secret = randomBytes(32).toString('hex');
      let echoed: string | null = null;
      let status = 0;
      try {
        const answer = await fetch(data.target, { method: 'POST', headers: { 'x-hook-secret': secret, 'content-type': 'application/json' }, signal: AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS) });
        status = answer.status;
        echoed = answer.headers.get('x-hook-secret');
      } catch {
        status = 0;
      }
      if (![200, 204].includes(status) || echoed !== secret) throw new AsanaError(400, 'The remote server did not respond with the handshake secret.');
      const registration: Registration = { gid: this.store.gid(), secret, resource: this.store.compact(resource.gid), target: data.target, filters: data.filters ?? [], cursor: this.store.lastSeq() };
      this.registrations.set(registration.gid, registration);
      res.status(201).json({ data: this.view(registration) });
    });
    router.get('/webhooks', (req, res) => {
      const workspace = req.query.workspace;
      if (typeof workspace !== 'string') throw new AsanaError(400, 'workspace: Missing input');
      if (workspace !== this.store.workspace.gid) throw new AsanaError(404, `workspace: Unknown object: ${workspace}`);
      const items = [...this.registrations.values()].filter((registration) => req.query.resource === undefined || registration.resource.gid === req.query.resource).map((registration) => this.view(registration));
      res.json(paginate(req, items, optFields(req), this.store, '/webhooks'));
    });
    router.get('/webhooks/:gid', (req, res) => {
      const registration = this.registrations.get(req.params.gid);
      if (!registration) throw new AsanaError(404, `Unknown object: ${req.params.gid}`);
      res.json({ data: present(this.store, this.view(registration), optFields(req), false) });
    });
    router.delete('/webhooks/:gid', (req, res) => {
      if (!this.registrations.delete(req.params.gid)) throw new AsanaError(404, `Unknown object: ${req.params.gid}`);
      res.json({ data: {} });
    });
    return router;
  }
}
