import type { PipedriveEmulator } from './start-pipedrive-emulator.js';

/** The demo's API token (any 40-hex token works against the emulator) and webhook basic auth credentials. */
export const DEMO_API_TOKEN = 'de0de0de0de0de0de0de0de0de0de0de0de0de0d';
export const DEMO_WEBHOOK_USER = 'clienthub-demo';
export const DEMO_WEBHOOK_PASSWORD = 'demo-webhook-basic-auth-password';
export const DEMO_OAUTH_APP = { clientId: 'demo-pipedrive-client-id', clientSecret: 'demo-pipedrive-client-secret' };

/** A connection defined by environment variables (API token), synced at start. */
export function pipedriveHubEnv(emulator: Pick<PipedriveEmulator, 'url' | 'store'>): Record<string, string> {
  return {
    PIPEDRIVE_BASE_URL: emulator.url,
    PIPEDRIVE_API_TOKEN: DEMO_API_TOKEN,
    PIPEDRIVE_COMPANY_ID: emulator.store.companyId,
    PIPEDRIVE_WEBHOOK_USER: DEMO_WEBHOOK_USER,
    PIPEDRIVE_WEBHOOK_PASSWORD: DEMO_WEBHOOK_PASSWORD,
  };
}

/** Connecting from the console instead: the endpoints and the OAuth app, no account. */
export function pipedriveOAuthEnv(emulator: Pick<PipedriveEmulator, 'url'>): Record<string, string> {
  return {
    PIPEDRIVE_BASE_URL: emulator.url,
    PIPEDRIVE_OAUTH_URL: emulator.url,
    PIPEDRIVE_CLIENT_ID: DEMO_OAUTH_APP.clientId,
    PIPEDRIVE_CLIENT_SECRET: DEMO_OAUTH_APP.clientSecret,
    PIPEDRIVE_WEBHOOK_USER: DEMO_WEBHOOK_USER,
    PIPEDRIVE_WEBHOOK_PASSWORD: DEMO_WEBHOOK_PASSWORD,
  };
}
