import { createHmac } from 'node:crypto';

/** HubSpot's v3 signature, computed independently of the verifier, for tests and the emulator's callers. */
export function signHubSpotV3(secret: string, method: string, uri: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`).digest('base64');
}
