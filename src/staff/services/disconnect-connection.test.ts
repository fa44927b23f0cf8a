import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { disconnectConnection } from './disconnect-connection.js';

const IDENTITY = 'https://identity.xero.test';
const staff = { type: 'staff' as const, id: '1', ip: '203.0.113.9' };

describe('disconnecting an account', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      XERO_BASE_URL: 'https://xero.test',
      XERO_IDENTITY_URL: IDENTITY,
      XERO_TENANT_ID: 'aef86862-2015-4b6b-88bc-d89032cecc50',
      XERO_ACCESS_TOKEN: 'xero-access',
      XERO_REFRESH_TOKEN: 'xero-refresh',
      XERO_CLIENT_ID: 'xero-app',
      XERO_CLIENT_SECRET: 'xero-secret',
    });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const xero = () => (app.db.prepare(`SELECT id FROM connections WHERE provider = 'xero'`).get() as { id: number }).id;

  it('erases the credentials, stops the schedules, and revokes the grant at the provider', async () => {
    let revoked = '';
    nock(IDENTITY).post('/connect/revocation', (body: Record<string, string>) => ((revoked = body.token ?? ''), true)).basicAuth({ user: 'xero-app', pass: 'xero-secret' }).reply(200);
    const result = await disconnectConnection(app, staff, xero(), { purge: false });
    expect(result).toEqual({ ok: true, purged: null, revoked: 'yes' });
    expect(revoked).toBe('xero-refresh');
    expect(app.db.prepare('SELECT status, credentials_sealed FROM connections WHERE id = ?').get(xero())).toEqual({ status: 'disconnected', credentials_sealed: null });
    expect(app.db.prepare(`SELECT action, ip FROM audit_log WHERE subject_type = 'connection' ORDER BY id`).all()).toEqual([
      { action: 'connection.disconnected', ip: '203.0.113.9' },
      { action: 'connection.revoke', ip: '203.0.113.9' },
    ]);
  });

  it('still disconnects when the provider cannot be reached, and says so', async () => {
    nock(IDENTITY).post('/connect/revocation').reply(503);
    const result = await disconnectConnection(app, staff, xero(), { purge: false });
    expect(result).toMatchObject({ ok: true, revoked: 'failed' });
    expect(app.db.prepare('SELECT status FROM connections WHERE id = ?').get(xero())).toEqual({ status: 'disconnected' });
    expect(app.db.prepare(`SELECT details FROM audit_log WHERE action = 'connection.revoke_failed'`).get()).toMatchObject({ details: expect.stringContaining('Xero refused the revocation (503)') });
  });
});
