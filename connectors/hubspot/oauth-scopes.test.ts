/**
 * HubSpot OAuth with optional scopes (HubSpot's `optional_scope`): the read scopes are required, the
 * scopes of the portal's actions are optional, and what the account actually granted — read back from
 * the token's metadata — decides which actions the portal offers. Against the HubSpot emulator, whose
 * authorize page grants what the emulated account's tier has.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { startServer } from '../../src/server/start-server.js';
import { startOAuth } from '../../src/connections/start-oauth.js';
import { findConnection } from '../../src/store/connections/find-connection.js';
import { describeWriteAvailability } from '../../src/outbox/write-availability.js';
import { startHubSpotEmulator, type HubSpotEmulator } from './emulator/start-hubspot-emulator.js';
import { ACCOUNT_SCOPES } from './emulator/oauth-token.js';
import { sqlGet } from '../../tests/support/sql.js';

describe('HubSpot OAuth: required and optional scopes, and what was granted', () => {
  let emulator: HubSpotEmulator | undefined;
  let app: TestApp | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    await app?.dispose();
    await emulator?.close();
  });

  /** Starts the hub against an emulated account with these scopes and goes through the authorize page; returns the new connection. */
  async function connectAccount(accountScopes: readonly string[]) {
    emulator = await startHubSpotEmulator({ oauth: { clientId: 'scoped-app', clientSecret: 'scoped-secret', accountScopes } });
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      HUBSPOT_BASE_URL: emulator.url,
      HUBSPOT_AUTHORIZE_URL: `${emulator.url}/oauth/authorize`,
      HUBSPOT_CLIENT_ID: 'scoped-app',
      HUBSPOT_CLIENT_SECRET: 'scoped-secret',
    });
    let url: string;
    ({ url, close } = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false }));
    const { url: authorize, state } = await startOAuth(app, 'hubspot');
    const consent = await fetch(authorize, { redirect: 'manual' });
    if (consent.status !== 302) return { consent, connection: undefined };
    const code = new URL(consent.headers.get('location')!).searchParams.get('code')!;
    const callback = await fetch(`${url}/oauth/hubspot/callback?code=${code}&state=${encodeURIComponent(state)}`);
    expect(await callback.text()).toContain('HubSpot is connected');
    const { id } = (await sqlGet<{ id: number }>(app, `SELECT id FROM connections WHERE provider = 'hubspot' AND label = 'oauth'`))!;
    return { consent, connection: (await findConnection(app.store.db, id))! };
  }

  it('asks for the read scopes as required and the actions\' scopes as optional', async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', HUBSPOT_CLIENT_ID: 'app-client-id' });
    const params = new URL((await startOAuth(app, 'hubspot')).url).searchParams;
    expect(params.get('scope')!.split(' ')).toEqual(['crm.objects.companies.read', 'crm.objects.contacts.read', 'crm.objects.deals.read', 'crm.objects.owners.read']);
    expect(params.get('optional_scope')!.split(' ')).toEqual(['tickets', 'sales-email-read', 'crm.objects.quotes.read', 'files', 'crm.objects.contacts.write']);
  });

  it('an account that has every scope: all are recorded, every HubSpot action is on, and webhooks route by its hub id', async () => {
    const { connection } = await connectAccount(ACCOUNT_SCOPES);
    expect(connection!.settings.grantedScopes).toEqual(
      ['crm.objects.companies.read', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.deals.read', 'crm.objects.owners.read', 'crm.objects.quotes.read', 'files', 'sales-email-read', 'tickets'],
    );
    expect(connection!.settings.accountId).toBe(String(emulator!.store.portalId));
    for (const write of ['createRequest', 'addRequestMessage', 'uploadDocument'] as const) {
      expect(describeWriteAvailability(app!, connection!, write), write).toMatchObject({ on: true, missingScopes: [] });
    }
  });

  it('an account whose tier lacks tickets and files still connects; those actions are off and name the scope to add', async () => {
    const starter = ACCOUNT_SCOPES.filter((scope) => scope !== 'tickets' && scope !== 'files');
    const { connection } = await connectAccount(starter);
    expect(connection!.settings.grantedScopes).not.toContain('tickets');
    expect(connection!.settings.grantedScopes).toContain('crm.objects.quotes.read');
    expect(describeWriteAvailability(app!, connection!, 'createRequest')).toMatchObject({ on: false, missingScopes: ['tickets'] });
    expect(describeWriteAvailability(app!, connection!, 'uploadDocument')).toMatchObject({ on: false, missingScopes: ['files'] });
  });

  it('an account without a required scope is refused at the authorize page, and no connection is made', async () => {
    const { consent, connection } = await connectAccount(ACCOUNT_SCOPES.filter((scope) => scope !== 'crm.objects.deals.read'));
    expect(consent.status).toBe(400);
    expect(await consent.json()).toMatchObject({ status: 'BAD_SCOPES', message: expect.stringContaining('crm.objects.deals.read') });
    expect(connection).toBeUndefined();
    expect(await sqlGet(app!, `SELECT COUNT(*) AS n FROM connections WHERE label = 'oauth'`)).toEqual({ n: 0 });
  });
});
