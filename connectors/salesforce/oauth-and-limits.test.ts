import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import nock from 'nock';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { startServer } from '../../src/server/start-server.js';
import { startOAuth } from '../../src/connections/start-oauth.js';
import { readCredentials } from '../../src/connections/connection-repository.js';
import { runPull } from '../../src/sync/run-pull.js';
import { RateLimitError } from '../../src/sync/sync-errors.js';
import { describeOpportunity, queryResult, sfRecord, SF_ORG_ID, SF_VERSION } from './testing/salesforce-payloads.js';
import { sqlAll, sqlGet } from '../../tests/support/sql.js';

const LOGIN = 'https://test.sf.test';
const INSTANCE = 'https://acme--uat.sandbox.sf.test';
const API = `/services/data/v${SF_VERSION}`;

describe('Salesforce OAuth web-server flow and API limits', () => {
  let app: TestApp;
  let sleep: ReturnType<typeof vi.fn<(ms: number) => Promise<void>>>;
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    sleep = vi.fn(async (_ms: number) => {});
    app = await createTestApp(
      { HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_LOGIN_URL: LOGIN, SALESFORCE_CLIENT_ID: 'sf-app', SALESFORCE_CLIENT_SECRET: 'sf-app-secret', SALESFORCE_API_VERSION: SF_VERSION, CLIENTHUB_SERVER_WORKER: 'false' },
      { sleep },
    );
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  async function connect(): Promise<number> {
    const { url, state } = await startOAuth(app, 'salesforce');
    const authorize = new URL(url);
    expect(authorize.origin + authorize.pathname).toBe(`${LOGIN}/services/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: 'sf-app', redirect_uri: 'http://hub.test/oauth/salesforce/callback', state, scope: 'api refresh_token', code_challenge_method: 'S256' });
    // PKCE: the token request must prove the verifier behind the challenge the authorize URL carried.
    const challenge = authorize.searchParams.get('code_challenge')!;
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    nock(LOGIN)
      .post('/services/oauth2/token', (body: Record<string, string>) => body.grant_type === 'authorization_code' && body.code === 'aPrxCode' && body.client_secret === 'sf-app-secret' && createHash('sha256').update(body.code_verifier ?? '').digest('base64url') === challenge)
      .reply(200, { access_token: '00D!at', refresh_token: '5Aep-rt', instance_url: INSTANCE, id: `${LOGIN}/id/${SF_ORG_ID}/0055e00000OwnerAAA`, token_type: 'Bearer', issued_at: '1', signature: 's' });
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      const callback = await fetch(`${server.url}/oauth/salesforce/callback?code=aPrxCode&state=${encodeURIComponent(state)}`);
      expect(callback.status).toBe(200);
      expect(await callback.text()).toContain('Salesforce is connected');
    } finally {
      await server.close();
    }
    const row = (await sqlGet<{ id: number; settings: string }>(app, `SELECT id, settings FROM connections WHERE provider = 'salesforce' AND label = 'oauth'`))!;
    return row.id;
  }

  it('connects through the login URL, keeps the instance URL and org from the token response, and seals the tokens', async () => {
    const id = await connect();
    const row = (await sqlGet<{ settings: string; credentials_sealed: string }>(app, 'SELECT settings, credentials_sealed FROM connections WHERE id = ?', id))!;
    expect(JSON.parse(row.settings)).toEqual({ instanceUrl: INSTANCE, accountId: SF_ORG_ID.slice(0, 15) });
    expect(row.credentials_sealed).not.toContain('5Aep-rt');
    expect(await readCredentials(app.store.db, app.keyring, id)).toMatchObject({ accessToken: '00D!at', refreshToken: '5Aep-rt' });
    // The REST calls go to the instance, not the login host.
    nock(INSTANCE).get(`${API}/sobjects/Opportunity/describe`).reply(200, describeOpportunity(false));
    nock(INSTANCE).get(`${API}/query`).query(true).reply(200, queryResult([sfRecord('User', '0055e00000OwnerAAA', Date.now(), { Name: 'Olivia' })], 1));
    await runPull(app, id, 'User', 'backfill');
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records`)).toEqual({ n: 1 });
  });

  it('slows down near the daily API limit and stops for an hour on REQUEST_LIMIT_EXCEEDED', async () => {
    const id = await connect();
    nock(INSTANCE).get(`${API}/sobjects/Opportunity/describe`).reply(200, describeOpportunity(false), { 'Sforce-Limit-Info': 'api-usage=14700/15000' });
    nock(INSTANCE)
      .get(`${API}/query`).query(true)
      .reply(200, queryResult([sfRecord('Account', '0015e00000Acc1AAA', Date.now(), { Name: 'Acme' })], 2, '01g5e00000LocAAA-2000'), { 'Sforce-Limit-Info': 'api-usage=14990/15000' })
      .get(`${API}/query/01g5e00000LocAAA-2000`)
      .reply(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    const failure = await runPull(app, id, 'Account', 'backfill').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RateLimitError);
    expect((failure as RateLimitError).retryAfterMs).toBe(3600_000);
    expect((failure as Error).message).toMatch(/^Salesforce REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded\. The org's daily API allowance is spent \(14990 of 15000 calls/);
    // At 14 990 of 15 000 calls the next call waited first.
    expect(sleep.mock.calls.some(([ms]) => ms > 0)).toBe(true);
    // The page before the limit was kept, with its cursor, for the retry to resume from.
    // The run is recorded as waiting for the allowance, not as failed.
    expect(await sqlAll(app, `SELECT status, added FROM sync_runs ORDER BY id DESC`)).toEqual([{ status: 'rate_limited', added: 1 }]);
    // The connect queued the first sync for the workers; the kept account belongs to no client yet, so
    // no call lists its files (that waits until something links it).
    expect(await sqlAll(app, `SELECT name FROM jobs ORDER BY id`)).toEqual([{ name: 'scheduler.tick' }]);
  });
});
