/**
 * GET /events?resource=&sync=: Asana's incremental feed. The first call (no sync token) answers
 * 412 with a fresh token; later calls return at most 100 events since the token, a new token and
 * `has_more`. A token that is too old (or was never issued) is 412 with a fresh token again, which
 * tells the client to resync everything.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import type { AsanaEmulatorStore } from './asana-emulator-store.js';
import { AsanaError } from './asana-views.js';

const PAGE = 100;

export class SyncTokens {
  private readonly tokens = new Map<string, { resource: string; seq: number; issuedAt: number }>();

  /** Asana does not publish the lifetime; 24 hours by default here. */
  constructor(readonly ttlMs = 24 * 3600_000) {}

  issue(resource: string, seq: number): string {
    const token = randomBytes(16).toString('hex');
    this.tokens.set(token, { resource, seq, issuedAt: Date.now() });
    return token;
  }

  read(token: string, resource: string): { seq: number } | null {
    const found = this.tokens.get(token);
    if (!found || found.resource !== resource || Date.now() - found.issuedAt > this.ttlMs) return null;
    return { seq: found.seq };
  }

  /** Every token issued so far is now too old. */
  expireAll(): void {
    this.tokens.clear();
  }
}

export function asanaEventsRoutes(store: AsanaEmulatorStore, tokens: SyncTokens): Router {
  const router = express.Router();
  router.get('/events', (req, res) => {
    const resource = typeof req.query.resource === 'string' ? req.query.resource : '';
    if (!resource) throw new AsanaError(400, 'resource: Missing input');
    if (!store.get(resource)) throw new AsanaError(404, `resource: Unknown object: ${resource}`);
    const sync = typeof req.query.sync === 'string' ? req.query.sync : undefined;
    const from = sync ? tokens.read(sync, resource) : null;
    if (!from) {
      res.status(412).json({
        // Asana answers a first call (no token) exactly as it answers a stale one.
        errors: [{ message: 'Sync token invalid or too old. If you are attempting to keep resources in sync, you must fetch the full dataset for this query now and use the new sync token for the next sync.' }],
        sync: tokens.issue(resource, store.lastSeq()),
      });
      return;
    }
    const pending = store.eventsSince(resource, from.seq);
    const page = pending.slice(0, PAGE);
    const last = page.at(-1)?.seq ?? from.seq;
    res.json({ data: page.map((entry) => entry.event), sync: tokens.issue(resource, last), has_more: pending.length > PAGE });
  });
  return router;
}
