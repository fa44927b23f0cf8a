/**
 * Configuration: environment variables win over an optional JSON file
 * (CLIENTHUB_CONFIG, default config/clienthub.json), which wins over defaults.
 * Every variable is documented in README.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ALL_RULES, CONTACT_FIELD_MEANINGS, DEFAULT_IDENTITY_RULES, contactFieldsOf, type IdentityRules } from '../identity/identity-rules.js';
import { parseFieldPath } from '../identity/read-field-path.js';
import { resolveLogFormat, type LogFormat } from '../logging/logger.js';
import { loadPortalConfig, portalFileSchema, type PortalConfig } from './portal-config.js';

const fileSchema = z
  .object({
    port: z.number().int().optional(),
    dataDir: z.string().optional(),
    publicUrl: z.string().optional(),
    redisUrl: z.string().optional(),
    smtpUrl: z.string().optional(),
    mailFrom: z.string().optional(),
    businessName: z.string().optional(),
    workspaceSlug: z.string().optional(),
    pollIntervalSeconds: z.number().int().positive().optional(),
    identity: z
      .object({
        rules: z.array(z.enum(ALL_RULES as [string, ...string[]])).optional(),
        explicitIdFields: z.record(z.string(), z.record(z.string(), z.string())).optional(),
        // A bare path (email or domain, else a name suggestion), or a field declared as holding one thing.
        contactFields: z.record(z.string(), z.record(z.string(), z.array(
            z.union([z.string(), z.object({ path: z.string(), holds: z.enum(CONTACT_FIELD_MEANINGS) }).strict()], {
              // A union's own message is "Invalid input": say what an entry may be.
              error: `each entry is a field path, or { "path": "…", "holds": ${CONTACT_FIELD_MEANINGS.map((m) => `"${m}"`).join(' | ')} } with no other keys`,
            }),
          ))).optional(),
        autoLinkConfidence: z.number().min(0).max(1).optional(),
        freeMailDomains: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    /**
     * provider → object type → unified field name → path in the raw payload. Overrides a field the
     * mapping fills, or adds one under `custom` (e.g. a HubSpot property shown as "Project phase").
     */
    mappings: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.string()))).optional(),
    /** Portal sign-in policy and branding (see portal-config.ts). */
    portal: portalFileSchema.optional(),
    hubspot: z
      .object({
        baseUrl: z.string().optional(),
        closedWonStages: z.array(z.string()).optional(),
        portalId: z.string().optional(),
      })
      .optional(),
  })
  .strict();

export type FileConfig = z.infer<typeof fileSchema>;

export interface HubSpotConfig {
  accessToken: string | undefined;
  /** With HUBSPOT_CLIENT_ID/SECRET, lets the hub refresh an OAuth access token given by environment. */
  refreshToken: string | undefined;
  /** The HubSpot account id (portalId) of the env connection; webhook events are routed by it. */
  portalId: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  baseUrl: string;
  /** Stage ids that count as won, overriding HubSpot's own stage metadata when set. */
  closedWonStages: string[] | undefined;
  authorizeUrl: string;
  /** HubSpot documents 5 search requests a second per account (HUBSPOT_SEARCH_RPS): every pull of one portal shares it. */
  searchRequestsPerSecond: number;
  /** Where the hub receives OAuth redirects from HubSpot. */
  scopes: string[];
}

export interface SalesforceConfig {
  loginUrl: string;
  instanceUrl: string | undefined;
  accessToken: string | undefined;
  refreshToken: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** The org whose Outbound Messages are accepted (18-character id). */
  orgId: string | undefined;
  apiVersion: string;
  /** JWT bearer flow (server to server): the integration user and the Connected App certificate's private key (PEM). */
  username: string | undefined;
  jwtPrivateKey: string | undefined;
}

export interface QuickBooksConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  realmId: string | undefined;
  accessToken: string | undefined;
  refreshToken: string | undefined;
  webhookVerifierToken: string | undefined;
  sandbox: boolean;
  /** API base ending in /v3/company/ (node-quickbooks appends realm and path). */
  baseUrl: string;
  tokenUrl: string;
  authorizeUrl: string;
  revokeUrl: string;
}

export interface XeroConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  tenantId: string | undefined;
  accessToken: string | undefined;
  refreshToken: string | undefined;
  webhookKey: string | undefined;
  /** API host; the accounting API lives under /api.xro/2.0. */
  baseUrl: string;
  identityUrl: string;
}

/** provider → object type → field → raw payload path (config file `mappings`). */
export type MappingOverrides = Record<string, Record<string, Record<string, string>>>;

export interface AsanaConfig {
  /** Personal access token (or an OAuth access token given by environment). */
  accessToken: string | undefined;
  refreshToken: string | undefined;
  workspaceGid: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** API base including /api/1.0 (the SDK appends paths such as /tasks). */
  baseUrl: string;
  /** OAuth authorize and token endpoints (app.asana.com/-/oauth_authorize, /-/oauth_token). */
  authorizeUrl: string;
  tokenUrl: string;
  /** Tasks carrying this tag name, or this custom field set to a truthy value, are shown to clients (milestones always are). */
  clientVisibleTag: string;
  clientVisibleField: string;
  // --- issue 20 (perf-bench): Asana plan tier (ASANA_TIER) ---
  /**
   * The workspace's plan: `free` (150 requests a minute, no search API; the default, the safe
   * assumption) or `paid` (1 500 a minute, and the search API that makes an unchanged poll O(1)).
   */
  tier: 'free' | 'paid';
  // --- end issue 20 ---
}

export interface StripeConfig {
  secretKey: string | undefined;
  webhookSecret: string | undefined;
  /** Connect platforms: act on this connected account (Stripe-Account header). */
  accountId: string | undefined;
  /** Where the SDK sends requests: protocol, host and port from STRIPE_BASE_URL. */
  protocol: 'http' | 'https';
  host: string;
  port: number;
  /** Seconds a Stripe-Signature timestamp may be old. */
  webhookToleranceSeconds: number;
}

export interface JobsConfig {
  /** BullMQ queue name: deployments sharing one Redis keep apart by it. */
  queueName: string;
  /** How long a worker holds a job before another may take it over (BullMQ lock / stalled check). */
  lockMs: number;
  maxAttempts: number;
  concurrency: number;
  /** Maximum run time of one job: past it the job is abandoned (aborted, failed retryably, slot freed). */
  timeoutMs: number;
  /** Jobs of one connection running at once across the worker: a hung provider cannot take every slot. */
  perConnection: number;
  /** Process jobs inside the web server process: 'auto' means yes without Redis, no with it. */
  serverWorker: boolean;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  secretKey: string | undefined;
  publicUrl: string;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  businessName: string;
  workspaceSlug: string;
  /** For amounts whose provider record names no currency. */
  defaultCurrency: string;
  pollIntervalSeconds: number;
  /** Overlap re-read behind each incremental cursor: search indexes lag behind writes. */
  syncOverlapSeconds: number;
  /** Longest one provider HTTP call may take before it counts as a (retryable) failure. */
  providerTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** LOG_FORMAT: JSON lines, or pino-pretty for a terminal (default: pretty on a TTY). */
  logFormat: LogFormat;
  /** /metrics (Prometheus): behind a Bearer token, on a listener of its own, or both; neither = off. */
  metrics: { token: string | undefined; port: number | undefined };
  jobs: JobsConfig;
  hubspot: HubSpotConfig;
  salesforce: SalesforceConfig;
  quickbooks: QuickBooksConfig;
  xero: XeroConfig;
  asana: AsanaConfig;
  stripe: StripeConfig;
  identity: IdentityRules;
  mappingOverrides: MappingOverrides;
  /** Portal sign-in policy (magic link, password, 2FA) and branding (logo, primary colour). */
  portal: PortalConfig;
  /** Bearer token for /admin/api (automation and scripts); unset, the admin API answers 404. */
  adminApiToken: string | undefined;
  /** Webhook deliveries (accepted and rejected) older than this are pruned, except those with events still pending. */
  webhookRetentionDays: number;
  /** Express `trust proxy` values (CLIENTHUB_TRUSTED_PROXIES): whose X-Forwarded-* headers are believed. Empty: nobody's. */
  trustedProxies: string[];
  /** Staff alerts (src/ops/evaluate-alerts.ts): thresholds and an optional Slack-compatible webhook. */
  alerts: AlertsConfig;
}

export interface AlertsConfig {
  /** Open dead letters at or above this many raise an alert; 0 turns the alert off. */
  deadLetters: number;
  /** A webhook endpoint that has refused every delivery for this many minutes raises an alert. */
  webhookRefusedMinutes: number;
  /** POSTed `{ "text": … }` for each alert and recovery, besides the email to owners. */
  webhookUrl: string | undefined;
}

type Env = Record<string, string | undefined>;

function intFrom(env: Env, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

function positiveFrom(env: Env, name: string): number | undefined {
  const value = intFrom(env, name);
  if (value === 0) throw new Error(`${name} must be at least 1, got "0"`);
  return value;
}

function boolFrom(env: Env, name: string): boolean | undefined {
  const value = env[name]?.toLowerCase();
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`${name} must be true, false or auto, got "${env[name]}"`);
}

function readFileConfig(env: Env, cwd: string): FileConfig {
  const path = resolve(cwd, env.CLIENTHUB_CONFIG ?? 'config/clienthub.json');
  if (!existsSync(path)) {
    if (env.CLIENTHUB_CONFIG) throw new Error(`CLIENTHUB_CONFIG points at ${path}, which does not exist`);
    return {};
  }
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Config file ${path} is not valid JSON (${jsonErrorPlace(text, error)}): fix it, or point CLIENTHUB_CONFIG at another file`);
  }
  const parsed = fileSchema.safeParse(json);
  // prettifyError: one line per problem with its key path, instead of zod's issue JSON.
  if (!parsed.success) throw new Error(`Config file ${path} has settings the hub cannot use; fix or remove them (README, "Configuration", lists the keys):\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** JSON.parse says "at position 44": a person editing the file wants the line and column. */
function jsonErrorPlace(text: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\(line \d+ column \d+\)$/, '');
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return message;
  const before = text.slice(0, Number(position)).split('\n');
  return `${message.replace(/ in JSON at position \d+/, '')} at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** A file a variable points at: when it cannot be read, the error says which variable to fix. */
function readNamedFile(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${variable} points at ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** A field path from the config file that cannot be read, named by where it sits in the file. */
function checkFieldPath(where: string, path: string): void {
  try {
    parseFieldPath(path);
  } catch (error) {
    throw new Error(`Config file key ${where}: ${error instanceof Error ? error.message : String(error)}; write a path such as "properties.email" or "emails[type=work].value"`);
  }
}

function list(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** node-quickbooks builds URLs as base + realm + path, so the base must end in /v3/company/. */
function quickBooksBase(configured: string | undefined, sandbox: boolean): string {
  if (!configured) return sandbox ? 'https://sandbox-quickbooks.api.intuit.com/v3/company/' : 'https://quickbooks.api.intuit.com/v3/company/';
  const trimmed = configured.replace(/\/+$/, '');
  return trimmed.endsWith('/v3/company') ? `${trimmed}/` : `${trimmed}/v3/company/`;
}

function identityRules(file: FileConfig['identity']): IdentityRules {
  const explicitIdFields = { ...DEFAULT_IDENTITY_RULES.explicitIdFields, ...(file?.explicitIdFields ?? {}) };
  // A path that cannot be read is a configuration error now, not a silent non-match later.
  for (const [provider, byType] of Object.entries(explicitIdFields)) for (const [type, path] of Object.entries(byType)) checkFieldPath(`identity.explicitIdFields.${provider}.${type}`, path);
  const contactFields = { ...DEFAULT_IDENTITY_RULES.contactFields, ...contactFieldsOf(file?.contactFields ?? {}) };
  for (const [provider, byType] of Object.entries(contactFields)) for (const [type, fields] of Object.entries(byType)) for (const field of fields) checkFieldPath(`identity.contactFields.${provider}.${type}`, field.path);
  return {
    contactFields,
    rules: (file?.rules as IdentityRules['rules'] | undefined) ?? DEFAULT_IDENTITY_RULES.rules,
    explicitIdFields,
    autoLinkConfidence: file?.autoLinkConfidence ?? DEFAULT_IDENTITY_RULES.autoLinkConfidence,
    extraFreeMailDomains: (file?.freeMailDomains ?? []).map((d) => d.toLowerCase()),
  };
}

function stripeEndpoint(configured: string | undefined): Pick<StripeConfig, 'protocol' | 'host' | 'port'> {
  if (!configured) return { protocol: 'https', host: 'api.stripe.com', port: 443 };
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new Error(`STRIPE_BASE_URL must be an absolute URL such as https://api.stripe.com, got "${configured}"`);
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { protocol, host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443 };
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const file = readFileConfig(env, cwd);
  const port = intFrom(env, 'PORT') ?? file.port ?? 3000;
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = resolve(cwd, env.CLIENTHUB_DATA_DIR ?? file.dataDir ?? 'data');
  const redisUrl = env.REDIS_URL || file.redisUrl || undefined;
  const publicUrl = (env.PUBLIC_URL ?? file.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const logLevel = (env.LOG_LEVEL ?? 'info') as AppConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new Error(`LOG_LEVEL must be debug, info, warn or error`);
  const logFormat = resolveLogFormat(env.LOG_FORMAT);
  const metricsPort = intFrom(env, 'CLIENTHUB_METRICS_PORT');
  try {
    new URL(publicUrl);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute URL, got "${publicUrl}"`);
  }
  return {
    port,
    host,
    dataDir,
    databaseFile: resolve(dataDir, 'clienthub.sqlite'),
    secretKey: env.CLIENTHUB_SECRET_KEY || undefined,
    publicUrl,
    redisUrl,
    smtpUrl: env.SMTP_URL || file.smtpUrl || undefined,
    mailFrom: env.MAIL_FROM ?? file.mailFrom ?? 'ClientHub <no-reply@clienthub.local>',
    businessName: env.CLIENTHUB_BUSINESS_NAME ?? file.businessName ?? 'ClientHub',
    workspaceSlug: env.CLIENTHUB_WORKSPACE ?? file.workspaceSlug ?? 'default',
    defaultCurrency: (env.CLIENTHUB_DEFAULT_CURRENCY ?? 'USD').toUpperCase(),
    pollIntervalSeconds: intFrom(env, 'CLIENTHUB_POLL_INTERVAL_SECONDS') ?? file.pollIntervalSeconds ?? 300,
    syncOverlapSeconds: intFrom(env, 'CLIENTHUB_SYNC_OVERLAP_SECONDS') ?? 120,
    providerTimeoutMs: intFrom(env, 'CLIENTHUB_PROVIDER_TIMEOUT_MS') ?? 30_000,
    logLevel,
    logFormat,
    metrics: { token: env.CLIENTHUB_METRICS_TOKEN || undefined, port: metricsPort },
    jobs: {
      queueName: env.CLIENTHUB_QUEUE_NAME || 'clienthub',
      lockMs: intFrom(env, 'CLIENTHUB_JOB_LOCK_MS') ?? 30_000,
      maxAttempts: intFrom(env, 'CLIENTHUB_JOB_MAX_ATTEMPTS') ?? 6,
      concurrency: intFrom(env, 'CLIENTHUB_WORKER_CONCURRENCY') ?? 4,
      timeoutMs: positiveFrom(env, 'CLIENTHUB_JOB_TIMEOUT_MS') ?? 600_000,
      perConnection: positiveFrom(env, 'CLIENTHUB_JOBS_PER_CONNECTION') ?? 2,
      serverWorker: boolFrom(env, 'CLIENTHUB_SERVER_WORKER') ?? !redisUrl,
    },
    identity: identityRules(file.identity),
    portal: loadPortalConfig(env, file.portal, publicUrl, (name) => boolFrom(env, name)),
    adminApiToken: (() => {
      const token = env.CLIENTHUB_ADMIN_TOKEN || undefined;
      if (token && token.length < 32) throw new Error('CLIENTHUB_ADMIN_TOKEN must be at least 32 characters (use: openssl rand -hex 32)');
      return token;
    })(),
    webhookRetentionDays: (() => {
      const days = intFrom(env, 'CLIENTHUB_WEBHOOK_RETENTION_DAYS') ?? 30;
      if (days < 1) throw new Error('CLIENTHUB_WEBHOOK_RETENTION_DAYS must be at least 1');
      return days;
    })(),
    trustedProxies: list(env.CLIENTHUB_TRUSTED_PROXIES) ?? [],
    alerts: {
      deadLetters: intFrom(env, 'CLIENTHUB_ALERT_DEAD_LETTERS') ?? 10,
      webhookRefusedMinutes: positiveFrom(env, 'CLIENTHUB_ALERT_WEBHOOK_REFUSED_MINUTES') ?? 30,
      webhookUrl: (() => {
        const url = env.CLIENTHUB_ALERT_WEBHOOK_URL || undefined;
        if (url && !/^https?:\/\//.test(url)) throw new Error(`CLIENTHUB_ALERT_WEBHOOK_URL must be an http(s) URL, got "${url}"`);
        return url;
      })(),
    },
    mappingOverrides: (() => {
      const overrides = file.mappings ?? {};
      for (const [provider, byType] of Object.entries(overrides)) for (const [type, fields] of Object.entries(byType)) for (const [field, path] of Object.entries(fields)) checkFieldPath(`mappings.${provider}.${type}.${field}`, path);
      return overrides;
    })(),
    asana: {
      accessToken: env.ASANA_ACCESS_TOKEN || undefined,
      refreshToken: env.ASANA_REFRESH_TOKEN || undefined,
      workspaceGid: env.ASANA_WORKSPACE_GID || undefined,
      clientId: env.ASANA_CLIENT_ID || undefined,
      clientSecret: env.ASANA_CLIENT_SECRET || undefined,
      baseUrl: (() => {
        const base = (env.ASANA_BASE_URL || 'https://app.asana.com/api/1.0').replace(/\/+$/, '');
        return base.endsWith('/api/1.0') ? base : `${base}/api/1.0`;
      })(),
      authorizeUrl: env.ASANA_AUTHORIZE_URL || 'https://app.asana.com/-/oauth_authorize',
      tokenUrl: env.ASANA_TOKEN_URL || 'https://app.asana.com/-/oauth_token',
      clientVisibleTag: env.ASANA_CLIENT_VISIBLE_TAG || 'client-visible',
      clientVisibleField: env.ASANA_CLIENT_VISIBLE_FIELD || 'Client visible',
      // --- issue 20 (perf-bench): Asana plan tier ---
      tier: (() => {
        const tier = (env.ASANA_TIER || 'free').toLowerCase();
        if (tier !== 'free' && tier !== 'paid') throw new Error(`ASANA_TIER must be "free" or "paid" (the workspace's Asana plan), got "${env.ASANA_TIER}"`);
        return tier;
      })(),
      // --- end issue 20 ---
    },
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY || undefined,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
      accountId: env.STRIPE_ACCOUNT_ID || undefined,
      ...stripeEndpoint(env.STRIPE_BASE_URL || undefined),
      webhookToleranceSeconds: intFrom(env, 'STRIPE_WEBHOOK_TOLERANCE_SECONDS') ?? 300,
    },
    xero: {
      clientId: env.XERO_CLIENT_ID || undefined,
      clientSecret: env.XERO_CLIENT_SECRET || undefined,
      tenantId: env.XERO_TENANT_ID || undefined,
      accessToken: env.XERO_ACCESS_TOKEN || undefined,
      refreshToken: env.XERO_REFRESH_TOKEN || undefined,
      webhookKey: env.XERO_WEBHOOK_KEY || undefined,
      baseUrl: (env.XERO_BASE_URL || 'https://api.xero.com').replace(/\/+$/, '').replace(/\/api\.xro\/2\.0$/, ''),
      identityUrl: (env.XERO_IDENTITY_URL || 'https://identity.xero.com').replace(/\/+$/, ''),
    },
    quickbooks: {
      clientId: env.QUICKBOOKS_CLIENT_ID || undefined,
      clientSecret: env.QUICKBOOKS_CLIENT_SECRET || undefined,
      realmId: env.QUICKBOOKS_REALM_ID || undefined,
      accessToken: env.QUICKBOOKS_ACCESS_TOKEN || undefined,
      refreshToken: env.QUICKBOOKS_REFRESH_TOKEN || undefined,
      webhookVerifierToken: env.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN || undefined,
      sandbox: boolFrom(env, 'QUICKBOOKS_SANDBOX') ?? false,
      baseUrl: quickBooksBase(env.QUICKBOOKS_BASE_URL, boolFrom(env, 'QUICKBOOKS_SANDBOX') ?? false),
      tokenUrl: env.QUICKBOOKS_TOKEN_URL || 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      authorizeUrl: env.QUICKBOOKS_AUTHORIZE_URL || 'https://appcenter.intuit.com/connect/oauth2',
      revokeUrl: env.QUICKBOOKS_REVOKE_URL || 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
    },
    salesforce: {
      loginUrl: (env.SALESFORCE_LOGIN_URL || 'https://login.salesforce.com').replace(/\/+$/, ''),
      instanceUrl: env.SALESFORCE_INSTANCE_URL?.replace(/\/+$/, '') || undefined,
      accessToken: env.SALESFORCE_ACCESS_TOKEN || undefined,
      refreshToken: env.SALESFORCE_REFRESH_TOKEN || undefined,
      clientId: env.SALESFORCE_CLIENT_ID || undefined,
      clientSecret: env.SALESFORCE_CLIENT_SECRET || undefined,
      orgId: env.SALESFORCE_ORG_ID || undefined,
      apiVersion: env.SALESFORCE_API_VERSION || '62.0',
      username: env.SALESFORCE_USERNAME || undefined,
      jwtPrivateKey: env.SALESFORCE_JWT_PRIVATE_KEY?.replace(/\\n/g, '\n') || (env.SALESFORCE_JWT_PRIVATE_KEY_FILE ? readNamedFile('SALESFORCE_JWT_PRIVATE_KEY_FILE', resolve(cwd, env.SALESFORCE_JWT_PRIVATE_KEY_FILE)) : undefined),
    },
    hubspot: {
      accessToken: env.HUBSPOT_ACCESS_TOKEN || undefined,
      refreshToken: env.HUBSPOT_REFRESH_TOKEN || undefined,
      portalId: env.HUBSPOT_PORTAL_ID || file.hubspot?.portalId || undefined,
      clientId: env.HUBSPOT_CLIENT_ID || undefined,
      clientSecret: env.HUBSPOT_CLIENT_SECRET || undefined,
      baseUrl: (env.HUBSPOT_BASE_URL ?? file.hubspot?.baseUrl ?? 'https://api.hubapi.com').replace(/\/+$/, ''),
      closedWonStages: list(env.HUBSPOT_CLOSED_WON_STAGES) ?? file.hubspot?.closedWonStages,
      authorizeUrl: env.HUBSPOT_AUTHORIZE_URL ?? 'https://app.hubspot.com/oauth/authorize',
      searchRequestsPerSecond: (() => {
        // HubSpot documents 5 search requests a second per account; the pacer adds its own arrival margin.
        const rps = Number(env.HUBSPOT_SEARCH_RPS || 5);
        if (!Number.isFinite(rps) || rps <= 0) throw new Error(`HUBSPOT_SEARCH_RPS must be a number above 0, got "${env.HUBSPOT_SEARCH_RPS}"`);
        return rps;
      })(),
      scopes: list(env.HUBSPOT_SCOPES) ?? [
        'crm.objects.companies.read',
        'crm.objects.contacts.read',
        'crm.objects.deals.read',
        'crm.objects.owners.read',
      ],
    },
  };
}
