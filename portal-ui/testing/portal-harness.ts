/**
 * A portal over real HTTP for the sign-in, account and notification tests: a real app on the suite's
 * engine (a temporary SQLite file or a throw-away PostgreSQL database; with the given environment: sign-in policy, 2FA, branding), the portal router on an
 * ephemeral port, a movable clock, the seeded world, and helpers to read the outbox and audit log.
 */
import express from 'express';
import { generateSync } from 'otplib';
import { createPortalRouter } from '../create-portal-router.js';
import { createPortalTestApp, type PortalTestApp } from '../../tests/support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { fakeConnector, registryOf, signedInClient } from '../../tests/support/seed-portal-records.js';
import { sqlAll, sqlRun } from '../../tests/support/sql.js';
import { seedPortalWorld, type PortalWorld } from './seed-portal-world.js';

export const T0 = Date.parse('2026-11-20T10:00:05Z');
export const MINUTE = 60_000;

export interface OutboxMessage {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: string | null;
  kind: string;
}

export interface PortalHarness {
  test: PortalTestApp;
  served: ServedHttp;
  world: PortalWorld;
  now(): number;
  setClock(ms: number): void;
  /** A fresh browser: its own cookie jar. */
  browser(): PortalHttpClient;
  /** A browser already signed in (a complete session) as this user. */
  as(userId: number): Promise<{ client: PortalHttpClient; csrf: string }>;
  audit(action: string): Promise<Record<string, unknown>[]>;
  outbox(): Promise<OutboxMessage[]>;
  /** The token of the newest /auth/link/... link mailed to this address. */
  linkMailedTo(email: string): Promise<string | undefined>;
  /** Wipes the portal tables and seeds the world again at T0. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startPortalHarness(env: Record<string, string> = {}): Promise<PortalHarness> {
  let clock = T0;
  const test = await createPortalTestApp(env, { connectors: registryOf([fakeConnector('xero', 'Xero'), fakeConnector('quickbooks', 'QuickBooks'), fakeConnector('asana', 'Asana')]) });
  const http = express();
  http.use(createPortalRouter(test.app, { now: () => clock }));
  const served = await serveHttp(http);
  const harness: PortalHarness = {
    test,
    served,
    world: undefined as unknown as PortalWorld,
    now: () => clock,
    setClock: (ms) => {
      clock = ms;
    },
    browser: () => new PortalHttpClient(served.baseUrl),
    as: (userId) => signedInClient(test.app, served.baseUrl, userId, clock),
    audit: (action) => sqlAll(test.app, 'SELECT * FROM audit_log WHERE action = ? ORDER BY id', action),
    outbox: () => sqlAll<OutboxMessage>(test.app, 'SELECT to_address AS "to", subject, text_body AS text, html_body AS html, headers, kind FROM outbox_messages ORDER BY id'),
    linkMailedTo: async (email) => {
      const mails = (await harness.outbox()).filter((m) => m.to === email);
      const last = mails[mails.length - 1];
      return last ? /\/auth\/link\/([A-Za-z0-9_-]{43})/.exec(last.text)?.[1] : undefined;
    },
    reset: async () => {
      clock = T0;
      for (const table of ['audit_log', 'sessions', 'auth_tokens', 'recovery_codes', 'portal_user_totp', 'portal_users', 'record_changes', 'records', 'clients', 'outbox_messages', 'connections', 'rate_windows', 'jobs']) {
        await sqlRun(test.app, `DELETE FROM ${table}`);
      }
      harness.world = await seedPortalWorld(test.app, T0);
    },
    close: async () => {
      await served.close();
      await test.dispose();
    },
  };
  await harness.reset();
  return harness;
}

/** The code an authenticator app shows for this secret at this moment. */
export function totpCode(secret: string, atMs: number): string {
  return generateSync({ secret, epoch: Math.floor(atMs / 1000) });
}

/** The base32 secret written out on the enrolment page. */
export function secretOnPage(html: string): string {
  const match = /<p class="secret">([A-Z2-7 ]+)<\/p>/.exec(html);
  if (!match) throw new Error('no secret on the page');
  return match[1]!.replace(/ /g, '');
}

/** The recovery codes listed on the page shown after enrolment. */
export function recoveryCodesOnPage(html: string): string[] {
  return [...html.matchAll(/<li>([A-Z0-9]{5}-[A-Z0-9]{5})<\/li>/g)].map((m) => m[1]!);
}

/** The CSRF token in the first form of a page. */
export function csrfOnPage(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1]!;
}
