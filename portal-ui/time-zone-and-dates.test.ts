/** Issue 18: dates people read — by the source event, in the user's own time zone (browser-sent), UTC until known. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { createPortalRouter } from './create-portal-router.js';
import { createPortalTestApp, type PortalTestApp } from '../tests/support/seed-portal.js';
import { serveHttp, type ServedHttp } from '../tests/support/portal-http-client.js';
import { fakeConnector, registryOf, signedInClient } from '../tests/support/seed-portal-records.js';
import { seedPortalWorld, type PortalWorld } from './testing/seed-portal-world.js';
import { readablePaymentMethod } from './views/payment-method.js';
import { todayIn } from './loaders/calendar-day.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('dates in the reader’s time zone', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let world: PortalWorld;
  beforeAll(async () => {
    test = await createPortalTestApp({}, { connectors: registryOf([fakeConnector('xero', 'Xero'), fakeConnector('quickbooks', 'QuickBooks'), fakeConnector('asana', 'Asana')]) });
    const http = express();
    http.use(createPortalRouter(test.app, { now: () => T0 }));
    served = await serveHttp(http);
    world = await seedPortalWorld(test.app, T0);
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });

  it('stores the zone the browser sends (CSRF-checked, real zones only) and shows times in it', async () => {
    const { client, csrf } = await signedInClient(test.app, served.baseUrl, world.adminId, T0);
    const before = (await client.get('/activity')).text;
    expect(before).toContain('data-time-zone="UTC"');
    expect(before).toMatch(/<time datetime="2026-11-20T09:58:00.000Z">20 Nov 2026, 09:58 UTC<\/time>/);
    expect((await client.postForm('/account/time-zone', { timeZone: 'Asia/Tokyo' })).status).toBe(403);
    expect((await client.postForm('/account/time-zone', { _csrf: csrf, timeZone: 'Mars/Olympus_Mons' })).status).toBe(400);
    expect((await client.postForm('/account/time-zone', { _csrf: csrf, timeZone: 'Asia/Tokyo' })).status).toBe(204);
    const after = (await client.get('/activity')).text;
    expect(after).toContain('data-time-zone="Asia/Tokyo"');
    expect(after).toMatch(/<time datetime="2026-11-20T09:58:00.000Z">20 Nov 2026, 18:58 GMT\+9<\/time>/);
  });

  it('dates entries by the source event: the payment’s own date, not the sync', async () => {
    const { client } = await signedInClient(test.app, served.baseUrl, world.adminId, T0);
    const page = (await client.get('/activity')).text;
    expect(page).toMatch(/<time datetime="2026-11-18">18 Nov 2026<\/time><\/p>\s*<p>Payment of €200.00 received for Invoice INV-002/);
    expect(page).toMatch(/<time datetime="2026-11-01">1 Nov 2026<\/time><\/p>\s*<p><a href="\/invoices\/\d+">Invoice INV-001 was issued/);
  });

  it('reads today in the zone, and payment methods in words', () => {
    expect(todayIn(Date.parse('2026-11-20T20:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-21');
    expect(todayIn(Date.parse('2026-11-20T20:00:00Z'), 'not/a-zone')).toBe('2026-11-20');
    expect(readablePaymentMethod('ACCRECPAYMENT')).toBeNull();
    expect(readablePaymentMethod('us_bank_account')).toBe('US bank account (ACH)');
    expect(readablePaymentMethod('card')).toBe('Card');
    expect(readablePaymentMethod('BACS_TRANSFER')).toBe('Bacs transfer');
    expect(readablePaymentMethod('Cheque')).toBe('Cheque');
    expect(readablePaymentMethod(null)).toBeNull();
  });
});
