/**
 * Provider errors in words staff can act on: an HTML page summarised to its status and title, a
 * base URL pointing at a web site named as such, and the remedy fitting the credential's kind.
 * HubSpot's HTTP is nock (the real SDK runs).
 */
import { afterEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_BASE, type TestApp } from './support/create-test-app.js';
import { runPull } from '../src/sync/run-pull.js';
import { markConnectionFailed } from '../src/connections/connection-repository.js';
import { findConnection } from '../src/store/connections/find-connection.js';
import { describeProviderAnswer, summariseErrorText, summariseProviderBody } from '../src/sync/summarise-provider-text.js';
import { describePullFailure } from '../src/sync/describe-pull-failure.js';
import { describeSyncError } from '../src/staff/read/describe-sync-error.js';
import hubspot from '../connectors/hubspot/connector.js';
import stripe from '../connectors/stripe/connector.js';
import { ProviderError } from '../src/sync/sync-errors.js';
import { sqlGet } from './support/sql.js';

const STATUS_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>503 Service Temporarily Unavailable</title><style>body{font:14px sans-serif}</style></head>
<body><h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime.</p>${'<div>padding</div>'.repeat(200)}</body></html>`;

let app: TestApp | undefined;
afterEach(async () => {
  nock.cleanAll();
  await app?.dispose();
  app = undefined;
});

describe('HTML answers', () => {
  it('summarises a page to its title and keeps plain text short', () => {
    expect(summariseProviderBody(STATUS_PAGE)).toBe('an HTML page titled "503 Service Temporarily Unavailable"');
    expect(summariseProviderBody('<html><body><h1>Bad &amp; gateway</h1></body></html>')).toBe('an HTML page titled "Bad & gateway"');
    expect(summariseProviderBody('{"status":"error","message":"nope"}', 'application/json')).toBe('{"status":"error","message":"nope"}');
    expect(summariseProviderBody('x'.repeat(500))).toHaveLength(200);
    expect(describeProviderAnswer('HubSpot contacts search', 503, STATUS_PAGE, 'text/html')).toBe('HubSpot contacts search answered HTTP 503 with an HTML page titled "503 Service Temporarily Unavailable"');
    expect(describeProviderAnswer('Xero invoices', 200, '<html><title>Acme Inc.</title></html>', 'text/html; charset=utf-8')).toMatch(/^Xero invoices answered HTTP 200 with an HTML page titled "Acme Inc\.".*base URL/);
  });

  it('replaces a page pasted into an error message, keeping what came before it', () => {
    expect(summariseErrorText(`HTTP-Code: 503\nMessage: An error occurred\nBody: ${STATUS_PAGE}`)).toBe('HTTP-Code: 503\nMessage: An error occurred\nBody: an HTML page titled "503 Service Temporarily Unavailable"');
    expect(summariseErrorText('HTTP 401: EXPIRED_AUTHENTICATION')).toBe('HTTP 401: EXPIRED_AUTHENTICATION');
  });

  it('stores a connection error with its page summarised', async () => {
    app = await createTestApp();
    await markConnectionFailed(app.store.db, await hubspotConnectionId(app), `HTTP 503: ${STATUS_PAGE}`, true);
    expect((await findConnection(app.store.db, await hubspotConnectionId(app)))!.lastError).toBe('HTTP 503: an HTML page titled "503 Service Temporarily Unavailable"');
  });

  it('names the provider, the object and the setting when a base URL answers with a web site', async () => {
    app = await createTestApp();
    // Every path of the "API" host answers 200 with a marketing page.
    nock(HUBSPOT_TEST_BASE).persist().get(/.*/).reply(200, '<!doctype html><html><head><title>Welcome to Acme</title></head><body>Hi</body></html>', { 'content-type': 'text/html' });
    nock(HUBSPOT_TEST_BASE).persist().post(/.*/).reply(200, '<!doctype html><html><head><title>Welcome to Acme</title></head><body>Hi</body></html>', { 'content-type': 'text/html' });
    const failure = await runPull(app, await hubspotConnectionId(app), 'contacts', 'backfill').then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(failure).not.toBeNull();
    const run = (await sqlGet<{ error: string }>(app, `SELECT error FROM sync_runs ORDER BY id DESC LIMIT 1`))!;
    // Before: "response.results is not iterable", naming neither provider nor setting.
    expect(run.error).toBe("HubSpot answered the contacts pull with something the hub cannot read (response.results is not iterable): check that HUBSPOT_BASE_URL points at HubSpot's API, not a web site");
    expect(failure).toBeInstanceOf(ProviderError);
  });

  it('rewords a shape error but leaves an unreachable host and provider errors their class', () => {
    // The setting named is the one the connector declares (environment.baseUrl).
    const connector = hubspot;
    const shape = describePullFailure(connector, 'contacts', new TypeError('response.results is not iterable'));
    expect(shape).toBeInstanceOf(ProviderError);
    expect(shape.message).toBe("HubSpot answered the contacts pull with something the hub cannot read (response.results is not iterable): check that HUBSPOT_BASE_URL points at HubSpot's API, not a web site");
    const unreachable = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    expect(describePullFailure(connector, 'contacts', unreachable)).toBe(unreachable);
    const refused = new ProviderError(`HTTP 503: ${STATUS_PAGE}`, true, 503);
    const described = describePullFailure(connector, 'contacts', refused);
    expect(described).toBe(refused);
    expect(described.message).toBe('HTTP 503: an HTML page titled "503 Service Temporarily Unavailable"');
  });
});

describe('remedy by credential kind', () => {
  const refused = 'HTTP 401: EXPIRED_AUTHENTICATION';
  it('tells an environment token to be replaced in its variable, not reconnected', () => {
    const hint = describeSyncError('HubSpot', refused, { provider: 'hubspot', label: 'env', authType: 'token', variables: hubspot.environment })!;
    expect(hint).toBe('HubSpot refused the token given in HUBSPOT_ACCESS_TOKEN: replace the token in HUBSPOT_ACCESS_TOKEN with a valid one and restart the hub.');
    expect(hint).not.toMatch(/reconnect/i);
    expect(describeSyncError('Stripe', 'Invalid API Key provided: sk_test_***', { provider: 'stripe', label: 'env', authType: 'token', variables: stripe.environment })).toMatch(/replace the token in STRIPE_SECRET_KEY/);
  });
  it('tells an OAuth grant made in the console to be reconnected there', () => {
    expect(describeSyncError('Xero', 'invalid_grant', { provider: 'xero', label: 'Demo Company (Global)', authType: 'oauth' })).toBe('Xero no longer accepts the stored authorisation: reconnect Xero from the Connect page.');
    expect(describeSyncError('Xero', 'HTTP 401: AuthenticationUnsuccessful', { provider: 'xero', label: 'Demo Company (Global)', authType: 'oauth' })).toMatch(/reconnect Xero from the Connect page/);
  });
  it('tells a key pasted in the console to be pasted again', () => {
    expect(describeSyncError('Asana', refused, { provider: 'asana', label: 'Brightside', authType: 'token' })).toMatch(/paste a new one for Asana on the console's Connect page/);
  });
  it('names both variables of an OAuth grant given by environment', () => {
    expect(describeSyncError('HubSpot', 'BAD_REFRESH_TOKEN', { provider: 'hubspot', label: 'env', authType: 'oauth', variables: hubspot.environment })).toMatch(/replace HUBSPOT_ACCESS_TOKEN and HUBSPOT_REFRESH_TOKEN/);
  });
});
