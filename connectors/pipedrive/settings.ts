import { z } from 'zod';
import { defineSettings, setting } from '../../src/connector-kit/index.js';

/** A Pipedrive personal API token: 40 hexadecimal characters (Settings > Personal preferences > API). */
export const API_TOKEN_PATTERN = /^[0-9a-f]{40}$/i;

const apiToken = z.preprocess(
  (value) => (value === '' || value === null ? undefined : typeof value === 'string' ? value.trim() : value),
  z.string({ error: 'must be text' }).regex(API_TOKEN_PATTERN, { error: 'must be a Pipedrive API token (40 hexadecimal characters)' }).optional(),
);

const companyId = z.preprocess(
  (value) => (value === '' || value === null ? undefined : typeof value === 'number' ? String(value) : value),
  z.string({ error: 'must be text' }).regex(/^\d+$/, { error: 'must be the numeric Pipedrive company id' }).optional(),
);

/** Pipedrive's settings (README "Pipedrive", generated from this declaration). */
export const pipedriveSettings = defineSettings({
  provider: 'pipedrive',
  displayName: 'Pipedrive',
  variables: {
    apiToken: { env: 'PIPEDRIVE_API_TOKEN', schema: apiToken, secret: true, doc: 'a personal API token (40 hex characters, sent as x-api-token): a connection from the environment' },
    accessToken: { env: 'PIPEDRIVE_ACCESS_TOKEN', schema: setting.text(), secret: true, doc: 'an OAuth access token: a connection from the environment (instead of an API token)' },
    refreshToken: { env: 'PIPEDRIVE_REFRESH_TOKEN', schema: setting.text(), secret: true, doc: 'with the app keys, lets the hub refresh an OAuth access token given by environment' },
    clientId: { env: 'PIPEDRIVE_CLIENT_ID', schema: setting.text(), doc: 'OAuth app client id, for "Connect Pipedrive" in the staff console' },
    clientSecret: { env: 'PIPEDRIVE_CLIENT_SECRET', schema: setting.text(), secret: true, doc: 'OAuth app client secret' },
    oauthUrl: { env: 'PIPEDRIVE_OAUTH_URL', schema: setting.url('https://oauth.pipedrive.com'), doc: 'OAuth server (authorize, token and revoke endpoints)' },
    baseUrl: {
      env: 'PIPEDRIVE_BASE_URL',
      file: 'baseUrl',
      schema: setting.url('https://api.pipedrive.com'),
      doc: 'API base URL (without /api/v1 or /api/v2); an OAuth grant uses the company domain its token response names instead',
    },
    companyId: { env: 'PIPEDRIVE_COMPANY_ID', file: 'companyId', schema: companyId, doc: 'the company id of the environment connection; webhooks are routed by their meta.company_id' },
    webhookUser: { env: 'PIPEDRIVE_WEBHOOK_USER', schema: setting.text(), doc: 'HTTP basic auth user name you gave Pipedrive when creating the webhook (http_auth_user)' },
    webhookPassword: { env: 'PIPEDRIVE_WEBHOOK_PASSWORD', schema: setting.text(), secret: true, doc: 'HTTP basic auth password you gave Pipedrive when creating the webhook (http_auth_password)' },
    burstLimit: {
      env: 'PIPEDRIVE_BURST_LIMIT',
      file: 'burstLimit',
      schema: setting.positive(20),
      doc: "requests per rolling 2-second window the hub allows itself (Pipedrive's burst limit is per user and by plan; 20 is the lowest)",
    },
    dailyTokenBudget: {
      env: 'PIPEDRIVE_DAILY_TOKEN_BUDGET',
      file: 'dailyTokenBudget',
      schema: setting.positive(30_000),
      doc: "API tokens a day the hub may spend of the company's shared budget (Pipedrive: 30 000 × plan multiplier × seats)",
    },
    fullPassHours: {
      env: 'PIPEDRIVE_FULL_PASS_HOURS',
      file: 'fullPassHours',
      schema: setting.positive(24),
      doc: 'how often an incremental pull lists organizations and persons in full, so deletions made while no webhook arrived are seen',
    },
  },
  derive: (values) => {
    if (values.apiToken && values.accessToken) {
      throw new Error('PIPEDRIVE_API_TOKEN and PIPEDRIVE_ACCESS_TOKEN are both set: the environment connection uses one of them, so unset the other');
    }
    if (Boolean(values.webhookUser) !== Boolean(values.webhookPassword)) {
      throw new Error('PIPEDRIVE_WEBHOOK_USER and PIPEDRIVE_WEBHOOK_PASSWORD go together (the basic auth credentials of the webhook): set both or neither');
    }
    return values;
  },
});

export type PipedriveSettings = ReturnType<typeof pipedriveSettings.read>;
