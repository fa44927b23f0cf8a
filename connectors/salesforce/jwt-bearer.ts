import { createSign } from 'node:crypto';
import { OAuth2 } from 'jsforce';
import { type AppConfig, AuthError } from '../../src/connector-kit/index.js';
import { salesforceSettings } from './settings.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce accepts assertions that expire within three minutes. */
const ASSERTION_LIFETIME_S = 180;

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** The signed assertion: iss = Connected App consumer key, sub = integration user, aud = login URL, RS256. */
export function jwtAssertion(input: { clientId: string; username: string; audience: string; privateKey: string; now?: number }): string {
  const issuedAt = Math.floor((input.now ?? Date.now()) / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ iss: input.clientId, sub: input.username, aud: input.audience, exp: issuedAt + ASSERTION_LIFETIME_S }));
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(input.privateKey);
  return `${header}.${claims}.${base64url(signature)}`;
}

/**
 * Server-to-server sign-in without a person or a refresh token: every renewal presents a
 * fresh assertion. The audience is the login host (login.salesforce.com, test.salesforce.com
 * for sandboxes, or the emulator).
 */
export async function requestJwtBearerToken(config: AppConfig): Promise<{ access_token: string; instance_url: string; id?: string }> {
  const { clientId, username, jwtPrivateKey, loginUrl } = salesforceSettings.read(config);
  if (!clientId || !username || !jwtPrivateKey) throw new AuthError('The JWT bearer flow needs SALESFORCE_CLIENT_ID, SALESFORCE_USERNAME and SALESFORCE_JWT_PRIVATE_KEY');
  const assertion = jwtAssertion({ clientId, username, audience: loginUrl, privateKey: jwtPrivateKey });
  try {
    const oauth2 = new OAuth2({ loginUrl, clientId });
    return (await oauth2.requestToken({ grant_type: JWT_BEARER_GRANT, assertion })) as unknown as { access_token: string; instance_url: string; id?: string };
  } catch (error) {
    throw new AuthError(`Salesforce JWT bearer sign-in failed (is the user pre-authorized for the Connected App?): ${error instanceof Error ? error.message : String(error)}`);
  }
}
