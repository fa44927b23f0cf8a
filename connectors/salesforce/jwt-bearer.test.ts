import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { queryResult, sfRecord, SF_ORG_ID, SF_VERSION, describeOpportunity } from './testing/salesforce-payloads.js';
import { JWT_BEARER_GRANT } from './jwt-bearer.js';
import { sqlGet } from '../../tests/support/sql.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const LOGIN = 'https://acme.my.sf.test';

describe('Salesforce JWT bearer flow (server to server)', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      SALESFORCE_LOGIN_URL: LOGIN,
      SALESFORCE_CLIENT_ID: '3MVG9-connected-app-key',
      SALESFORCE_USERNAME: 'integration@acme.example',
      // Environments often carry PEM keys on one line with literal \n.
      SALESFORCE_JWT_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'),
      SALESFORCE_API_VERSION: SF_VERSION,
    });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  it('signs in with a signed assertion, uses the token, and never stores a refresh token', async () => {
    let claims: Record<string, unknown> = {};
    let signatureValid = false;
    nock(LOGIN)
      .post('/services/oauth2/token', (body: Record<string, string>) => {
        if (body.grant_type !== JWT_BEARER_GRANT) return false;
        const [header, payload, signature] = body.assertion!.split('.');
        signatureValid = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(publicKey, Buffer.from(signature!, 'base64url'));
        claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
        return true;
      })
      .reply(200, { access_token: 'jwt-session', instance_url: LOGIN, id: `${LOGIN}/id/${SF_ORG_ID}/0055e00000IntgAAA`, token_type: 'Bearer', scope: 'api' });
    nock(LOGIN).get(`/services/data/v${SF_VERSION}/sobjects/Opportunity/describe`).reply(200, describeOpportunity(false));
    nock(LOGIN)
      .get(`/services/data/v${SF_VERSION}/query`).query(true).matchHeader('authorization', 'Bearer jwt-session')
      .reply(200, queryResult([sfRecord('User', '0055e00000IntgAAA', Date.now(), { Name: 'Integration User' })], 1));

    const connection = (await sqlGet<{ id: number }>(app, `SELECT id FROM connections WHERE provider = 'salesforce'`))!;
    await runPull(app, connection.id, 'User', 'backfill');
    expect(signatureValid).toBe(true);
    expect(claims).toMatchObject({ iss: '3MVG9-connected-app-key', sub: 'integration@acme.example', aud: LOGIN });
    expect(Number(claims.exp) - Date.now() / 1000).toBeLessThanOrEqual(180);
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE kind = 'team_member'`)).toEqual({ n: 1 });
    const { readCredentials } = await import('../../src/connections/connection-repository.js');
    expect(await readCredentials(app.store.db, app.keyring, connection.id)).toMatchObject({ accessToken: 'jwt-session', grant: 'jwt-bearer' });
    expect((await readCredentials(app.store.db, app.keyring, connection.id)).refreshToken).toBeUndefined();
  });
});
