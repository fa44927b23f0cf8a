/**
 * A connector's own configuration, declared in its folder (connectors/<provider>/settings.ts):
 * each setting names its environment variable, its key in the config file's `providers.<provider>`
 * section, a zod schema that reads the text, and one line saying what it is for. Core knows no
 * provider's settings: the registry parses every declaration at start (a bad value stops the hub
 * with one sentence naming the provider, the variable and what to do), the README's provider tables
 * are generated from the same declarations (scripts/generate-provider-docs.ts).
 */
import { z } from 'zod';
import type { AppConfig } from '../config/load-config.js';

export interface SettingDeclaration<S extends z.ZodType = z.ZodType> {
  /** The environment variable; wins over the config file. */
  env: string;
  /** The key under `providers.<provider>` in the config file, for settings a file may hold. */
  file?: string;
  /** Reads the variable's text (or the file's value); its error message completes "<VARIABLE> …". */
  schema: S;
  /** One line for the README table and for errors: what the setting is, what to put there. */
  doc: string;
  /** Never printed (the README marks it, the console only says whether it is set). */
  secret?: boolean;
  /** Shown in the README when the default is long or computed. */
  defaultText?: string;
}

type Values<V extends Record<string, SettingDeclaration>> = { [K in keyof V]: z.output<V[K]['schema']> };

/** Where a declaration reads from: the environment, the config file's section, the directory relative paths start from. */
export interface SettingsSource {
  env: Record<string, string | undefined>;
  file: Record<string, unknown>;
  cwd: string;
}

export interface ProviderSettings<T = unknown> {
  provider: string;
  displayName: string;
  variables: readonly (SettingDeclaration & { key: string })[];
  /** Parses the declaration from a source; throws a SettingsError naming the provider and variable. */
  parse(source: SettingsSource): T;
  /** This provider's settings for a loaded configuration (parsed once, then kept on it). */
  read(config: AppConfig): T;
}

export class SettingsError extends Error {
  constructor(
    message: string,
    readonly provider: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export function defineSettings<V extends Record<string, SettingDeclaration>, T = Values<V>>(input: {
  provider: string;
  displayName: string;
  variables: V;
  /** Values that depend on several settings (a base URL's default that follows a sandbox flag), or files to read. */
  derive?: (values: Values<V>, source: SettingsSource) => T;
}): ProviderSettings<T> {
  const { provider, displayName } = input;
  const variables = Object.entries(input.variables).map(([key, declaration]) => ({ key, ...declaration }));
  const fail = (variable: string, message: string): never => {
    throw new SettingsError(`${displayName}: ${message}`, provider, variable);
  };
  const parse = (source: SettingsSource): T => {
    const values: Record<string, unknown> = {};
    for (const variable of variables) {
      const fromEnv = source.env[variable.env];
      const fromFile = variable.file === undefined ? undefined : source.file[variable.file];
      const raw = fromEnv !== undefined && fromEnv !== '' ? fromEnv : fromFile;
      const parsed = variable.schema.safeParse(raw);
      if (!parsed.success) {
        const where = fromEnv !== undefined && fromEnv !== '' ? variable.env : `config file key providers.${provider}.${variable.file}`;
        const shown = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
        fail(variable.env, `${where} ${parsed.error.issues[0]?.message ?? 'is not valid'}, got ${shown}: fix it (${variable.doc}) or unset it, then start the hub again`);
      }
      values[variable.key] = parsed.data;
    }
    if (!input.derive) return values as T;
    try {
      return input.derive(values as Values<V>, source);
    } catch (error) {
      if (error instanceof SettingsError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const named = variables.find((v) => message.includes(v.env));
      return fail(named?.env ?? provider, message);
    }
  };
  return {
    provider,
    displayName,
    variables,
    parse,
    read(config) {
      const kept = config.providers[provider];
      if (kept !== undefined) return kept as T;
      const value = parse({ env: config.env, file: config.providerFiles[provider] ?? {}, cwd: config.cwd });
      config.providers[provider] = value;
      return value;
    },
  };
}

/** Schemas for settings read from text, with messages that complete "<VARIABLE> …". */
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

export const setting = {
  /** Optional text ('' counts as unset). */
  text: () => z.preprocess(blankToUndefined, z.string({ error: 'must be text' }).optional()),
  /** Text with a default. */
  textOr: (fallback: string) => z.preprocess(blankToUndefined, z.string({ error: 'must be text' }).default(fallback)),
  /** An absolute http(s) URL, trailing slashes dropped. */
  url: (fallback: string) =>
    z.preprocess(
      blankToUndefined,
      z
        .string()
        .default(fallback)
        .refine((value) => /^https?:\/\/[^/\s]+/i.test(value), { error: 'must be an absolute URL such as https://api.example.com' })
        .transform((value) => value.replace(/\/+$/, '')),
    ),
  optionalUrl: () =>
    z.preprocess(
      blankToUndefined,
      z
        .string()
        .refine((value) => /^https?:\/\/[^/\s]+/i.test(value), { error: 'must be an absolute URL such as https://example.com' })
        .transform((value) => value.replace(/\/+$/, ''))
        .optional(),
    ),
  /** A comma-separated list (or an array in the config file). */
  list: () =>
    z.preprocess(
      (value) => (typeof value === 'string' ? (value.split(',').map((s) => s.trim()).filter(Boolean) as string[]) : blankToUndefined(value)),
      z.array(z.string(), { error: 'must be a comma-separated list' }).optional(),
    ),
  listOr: (fallback: string[]) =>
    z.preprocess(
      (value) => (typeof value === 'string' ? (value.split(',').map((s) => s.trim()).filter(Boolean) as string[]) : blankToUndefined(value)),
      z.array(z.string(), { error: 'must be a comma-separated list' }).default(fallback),
    ),
  /** A number above zero. */
  positive: (fallback: number) =>
    z.preprocess(
      (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value)) : value),
      z.number({ error: 'must be a number above 0' }).positive({ error: 'must be a number above 0' }).default(fallback),
    ),
  /** A whole number, zero or more. */
  whole: (fallback: number) =>
    z.preprocess(
      (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value)) : value),
      z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be a whole number' }).default(fallback),
    ),
  /** true/false (1/0, yes/no, on/off). */
  flag: (fallback: boolean) =>
    z.preprocess((value) => {
      if (typeof value !== 'string') return blankToUndefined(value);
      const lower = value.trim().toLowerCase();
      if (lower === '') return undefined;
      if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
      if (['0', 'false', 'no', 'off'].includes(lower)) return false;
      return value;
    }, z.boolean({ error: 'must be true or false' }).default(fallback)),
};
