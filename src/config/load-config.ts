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
import { billingFileSchema, loadBillingConfig, type BillingConfig } from './billing-config.js';

const fileSchema = z
  .object({
    port: z.number().int().optional(),
    dataDir: z.string().optional(),
    publicUrl: z.string().optional(),
    redisUrl: z.string().optional(),
    databaseUrl: z.string().optional(),
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
    /** Mirrored invoices and pay fallbacks (see billing-config.ts). */
    billing: billingFileSchema.optional(),
    /** provider → that connector's settings by file key (each connector declares its own, connectors/<p>/settings.ts). */
    providers: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    /** The HubSpot section of config files written before `providers` (read as providers.hubspot). */
    hubspot: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type FileConfig = z.infer<typeof fileSchema>;

/** provider → object type → field → raw payload path (config file `mappings`). */
export type MappingOverrides = Record<string, Record<string, Record<string, string>>>;

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
  /** postgres://… : the shared engine (issue 15); unset, the SQLite file in the data directory. */
  databaseUrl: string | undefined;
  /** PostgreSQL connections this process keeps open at most (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
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
  /** The environment the configuration was read from: connectors read their own variables from it. */
  env: Env;
  /** Where relative paths in settings start (the process's working directory at load). */
  cwd: string;
  /** provider → its section of the config file (`providers.<provider>`). */
  providerFiles: Record<string, Record<string, unknown>>;
  /** provider → its parsed settings, filled at start by the connector registry (connectors/<p>/settings.ts). */
  providers: Record<string, unknown>;
  identity: IdentityRules;
  mappingOverrides: MappingOverrides;
  /** Portal sign-in policy (magic link, password, 2FA) and branding (logo, primary colour). */
  portal: PortalConfig;
  /** Cross-system invoice matching and payment instructions (issue 18). */
  billing: BillingConfig;
  /** Bearer token for /admin/api (automation and scripts); unset, the admin API answers 404. */
  adminApiToken: string | undefined;
  /** Webhook deliveries (accepted and rejected) older than this are pruned, except those with events still pending. */
  webhookRetentionDays: number;
  /** A client-owned record's files are listed again once its last listing is older than this (files added without the record changing). */
  documentsRelistMinutes: number;
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

export type Env = Record<string, string | undefined>;

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


export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const file = readFileConfig(env, cwd);
  const port = intFrom(env, 'PORT') ?? file.port ?? 3000;
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = resolve(cwd, env.CLIENTHUB_DATA_DIR ?? file.dataDir ?? 'data');
  const redisUrl = env.REDIS_URL || file.redisUrl || undefined;
  const databaseUrl = env.DATABASE_URL || file.databaseUrl || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(`DATABASE_URL must be a postgres:// URL (for SQLite, leave it unset: the file lives in CLIENTHUB_DATA_DIR)`);
  }
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
    databaseUrl,
    databasePoolSize: positiveFrom(env, 'DATABASE_POOL_SIZE') ?? 10,
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
    billing: loadBillingConfig(env, file.billing),
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
    documentsRelistMinutes: (() => {
      const minutes = intFrom(env, 'CLIENTHUB_DOCUMENTS_RELIST_MINUTES') ?? 360;
      if (minutes < 5) throw new Error('CLIENTHUB_DOCUMENTS_RELIST_MINUTES must be at least 5');
      return minutes;
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
    env,
    cwd,
    providerFiles: { ...(file.hubspot ? { hubspot: file.hubspot } : {}), ...(file.providers ?? {}) },
    providers: {},
  };
}
