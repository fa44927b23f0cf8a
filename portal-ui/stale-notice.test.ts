/** The portal's plain staleness notice: shown where a page's data comes from a stale or unhealthy source, hidden once it syncs. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createPortalRouter } from './create-portal-router.js';
import { createPortalTestApp, type PortalTestApp } from '../tests/support/seed-portal.js';
import { serveHttp, type ServedHttp } from '../tests/support/portal-http-client.js';
import { fakeConnector, registryOf, signedInClient } from '../tests/support/seed-portal-records.js';
import { markConnectionFailed } from '../src/connections/connection-repository.js';
import { updateConnectionSucceeded } from '../src/store/connections/update-connection-succeeded.js';
import { seedPortalWorld, type PortalWorld } from './testing/seed-portal-world.js';
import { sqlRun } from '../tests/support/sql.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const HOUR = 3600_000;

describe('portal staleness notice', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let clock = T0;
  let world: PortalWorld;

  beforeAll(async () => {
    // Poll every 5 minutes (the default): stale after 15 minutes without a successful sync.
    test = await createPortalTestApp({}, { connectors: registryOf([fakeConnector('xero', 'Xero'), fakeConnector('quickbooks', 'QuickBooks'), fakeConnector('asana', 'Asana')]) });
    const http = express();
    http.use(createPortalRouter(test.app, { now: () => clock }));
    served = await serveHttp(http);
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });
  beforeEach(async () => {
    clock = T0;
    for (const table of ['audit_log', 'sessions', 'auth_tokens', 'portal_users', 'record_changes', 'records', 'clients', 'outbox_messages', 'connections']) await sqlRun(test.app, `DELETE FROM ${table}`);
    world = await seedPortalWorld(test.app, T0);
    for (const id of Object.values(world.connections)) await updateConnectionSucceeded(test.app.store.db, id, T0 - 60_000);
  });

  const page = async (path: string) => (await (await signedInClient(test.app, served.baseUrl, world.adminId, clock)).client.get(path)).text;
  const notice = (text: string) => /<div class="notice notice-stale" role="status">([\s\S]*?)<\/div>/.exec(text)?.[1]?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() ?? null;

  it('says nothing while every source is fresh', async () => {
    expect(notice(await page('/invoices'))).toBeNull();
    expect(notice(await page(`/clients/${world.northwind.clientId}`))).toBeNull();
  });

  it('names what is stale, from where and how old, on the pages showing it, and goes away after a sync', async () => {
    // Xero last succeeded 3 hours ago; the others keep syncing.
    clock = T0 + 3 * HOUR;
    await updateConnectionSucceeded(test.app.store.db, world.connections.asana, clock - 60_000);
    await updateConnectionSucceeded(test.app.store.db, world.connections.quickbooks, clock - 60_000);
    await updateConnectionSucceeded(test.app.store.db, world.connections.xero, T0);
    expect(notice(await page('/invoices'))).toBe('Invoices from Xero were last updated 3 hours ago; your team has been told.');
    expect(notice(await page('/payments'))).toBe('Payments from Xero were last updated 3 hours ago; your team has been told.');
    // Projects come from Asana, which is fresh: no notice there.
    expect(notice(await page('/projects'))).toBeNull();
    expect(notice(await page(`/clients/${world.northwind.clientId}`))).toMatch(/^Invoices from Xero were last updated 3 hours ago; your team has been told\. Payments from Xero/);

    await updateConnectionSucceeded(test.app.store.db, world.connections.xero, clock);
    expect(notice(await page('/invoices'))).toBeNull();
  });

  it('shows an unhealthy source without its provider error', async () => {
    await markConnectionFailed(test.app.store.db, world.connections.asana, 'HTTP 401: Not Authorized — token abc123', true);
    const text = await page('/projects');
    expect(notice(text)).toBe('Projects from Asana were last updated 1 minute ago; your team has been told. Tasks from Asana were last updated 1 minute ago; your team has been told.');
    expect(text).not.toMatch(/401|Not Authorized|abc123/);
  });
});
