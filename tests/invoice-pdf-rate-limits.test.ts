/**
 * A client's "Download PDF" that meets the provider's rate limit (Xero, QuickBooks, against their
 * emulators through the real connectors and the portal route): a short limit is waited out in place
 * and the PDF arrives; a longer one answers 503 "busy" with Retry-After — never a 502. The 429
 * Xero answers to a PDF request is logged in words, never as a byte dump.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/create-test-app.js';
import { seedPortalUser, signedInClient } from './support/seed-portal-records.js';
import { runPull } from '../src/sync/run-pull.js';
import { startServer } from '../src/server/start-server.js';
import { updateRecordClient } from '../src/store/records/update-record-client.js';
import { createLogger } from '../src/logging/logger.js';
import { XeroEmulatorStore } from '../connectors/xero/emulator/xero-emulator-store.js';
import { startXeroEmulator } from '../connectors/xero/emulator/start-xero-emulator.js';
import { xeroHubEnv } from '../connectors/xero/emulator/hub-env.js';
import { QuickBooksEmulatorStore } from '../connectors/quickbooks/emulator/quickbooks-emulator-store.js';
import { startQuickBooksEmulator } from '../connectors/quickbooks/emulator/start-quickbooks-emulator.js';
import { quickBooksHubEnv } from '../connectors/quickbooks/emulator/hub-env.js';
import type { PortalHttpClient } from './support/portal-http-client.js';
import { sqlAll, sqlValue } from './support/sql.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The hub synced from the emulator, one invoice linked to a client, its admin signed in to the portal. */
async function portalOver(provider: 'xero' | 'quickbooks', env: Record<string, string>): Promise<{ app: TestApp; client: PortalHttpClient; pdfPath: string; lines: string[] }> {
  const lines: string[] = [];
  const waits: number[] = [];
  const app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...env }, { logger: createLogger('debug', {}, (line) => void lines.push(line)), sleep: async (ms) => void waits.push(ms) });
  cleanups.push(() => app.dispose());
  const connectionId = (await sqlValue<number>(app, 'SELECT id FROM connections WHERE provider = ?', provider))!;
  await runPull(app, connectionId, 'Invoice', 'backfill');
  // The first live invoice whose PDF the provider offers (data is JSON text: read in JS, on both engines).
  const invoices = await sqlAll<{ id: number; data: string }>(app, `SELECT id, data FROM records WHERE kind = 'invoice' AND deleted = 0 ORDER BY id`);
  const invoice = invoices.find((row) => (JSON.parse(row.data) as { pdfAvailable?: unknown }).pdfAvailable === true)!;
  const now = Date.now();
  const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind', ?, ?) RETURNING id`, app.workspaceId, now, now))!;
  await updateRecordClient(app.store.db, invoice.id, clientId);
  const { userId } = await seedPortalUser(app, clientId, { email: 'ap@northwind.example', name: 'Nora', role: 'client_admin' });
  const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
  cleanups.push(() => server.close());
  return { app, client: (await signedInClient(app, server.url, userId, now)).client, pdfPath: `/invoices/${invoice.id}/pdf`, lines };
}

describe('invoice PDF under a provider rate limit', () => {
  it('Xero: waits out a short Retry-After in place, answers 503 with Retry-After for a longer one, and logs the 429 without its bytes', async () => {
    const store = new XeroEmulatorStore();
    store.seedDemo();
    const emulator = await startXeroEmulator({ store, limits: null });
    cleanups.push(() => emulator.close());
    const { client, pdfPath, lines } = await portalOver('xero', xeroHubEnv(emulator, 'webhook-key'));

    emulator.limiter.force('minute', 2, 1);
    const waited = await client.get(pdfPath);
    expect(waited.status).toBe(200);
    expect(waited.headers.get('content-type')).toBe('application/pdf');
    expect(waited.text.startsWith('%PDF-')).toBe(true);

    // Longer than a person should watch a spinner for: busy, with when to try again.
    emulator.limiter.force('minute', 45, 1);
    const busy = await client.get(pdfPath);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('45');
    expect(busy.text).toContain('try downloading this PDF again in 45 seconds');

    // The day's allowance: still a 503 with the provider's wait, not a 502.
    emulator.limiter.force('day', 7200, 1);
    const spent = await client.get(pdfPath);
    expect(spent.status).toBe(503);
    expect(spent.headers.get('retry-after')).toBe('7200');
    expect(spent.text).toContain('again in 120 minutes');

    // The same click a moment later works.
    expect((await client.get(pdfPath)).status).toBe(200);

    const logged = lines.filter((line) => line.includes('invoice PDF'));
    expect(logged.some((line) => line.includes('Xero 429: rate limit reached (minute)'))).toBe(true);
    expect(lines.filter((line) => /"type":"Buffer"|"data":\[\d/.test(line))).toEqual([]);
  });

  it('QuickBooks: backs off a ThrottleExceeded (no Retry-After) from a second in place, and answers 503 with Retry-After when it persists', async () => {
    const store = new QuickBooksEmulatorStore();
    store.seedDemo();
    const emulator = await startQuickBooksEmulator({ store });
    cleanups.push(() => emulator.close());
    const { client, pdfPath } = await portalOver('quickbooks', quickBooksHubEnv(emulator, 'verifier'));

    // Only the PDF calls: the hub's own background listing of invoice attachments must not take them.
    emulator.throttleNext(2, /\/pdf$/);
    const waited = await client.get(pdfPath);
    expect(waited.status).toBe(200);
    expect(waited.text.startsWith('%PDF-')).toBe(true);

    // Two short waits (1 s, 2 s) are all a person is kept for; the next would be 4 s.
    emulator.throttleNext(3, /\/pdf$/);
    const busy = await client.get(pdfPath);
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('4');
    expect(busy.text).toContain('Busy, try again shortly');
    expect((await client.get(pdfPath)).status).toBe(200);
  });
});
