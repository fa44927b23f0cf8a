/**
 * Structured logs, one JSON object per line on stdout (pino): easy to grep and to ship. With
 * LOG_FORMAT=pretty (or on a terminal, unless LOG_FORMAT=json) lines are coloured by pino-pretty,
 * an optional dependency: without it the lines stay JSON.
 */
import { createRequire } from 'node:module';
import { currentLogContext } from './log-context.js';
import { pino, stdSerializers, type DestinationStream, type Logger as PinoLogger, type LoggerOptions } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
  /** The pino logger underneath, for pino-http's access log (same stream, level and redaction). */
  readonly pino: PinoLogger;
}

/**
 * Secrets that must never reach a log line, wherever a call site or the access log puts them:
 * request credentials, provider tokens, webhook secrets. pino replaces the value, keeps the key.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hook-secret"]',
  'req.headers["x-csrf-token"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'authorization',
  'cookie',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'secret',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  '*.secret',
];

/** Error objects keep their message and stack (JSON.stringify would print `{}`). */
const serializeError = (value: unknown): unknown => (value instanceof Error ? stdSerializers.err(value) : value);

function pinoOptions(level: LogLevel, base: Record<string, unknown>): LoggerOptions {
  return {
    level,
    base,
    timestamp: pino.stdTimeFunctions.isoTime,
    // `"level":"warn"` rather than pino's numbers: the lines read and grep the same as before.
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: serializeError, error: serializeError },
    // The job or request this line belongs to (log-context.ts); a field given at the call wins.
    mixin: currentLogContext,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

/** pino-pretty, loaded only when asked for; null when the optional package is not installed. */
function prettyStream(): DestinationStream | null {
  try {
    const require = createRequire(import.meta.url);
    const pretty = require('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
    // sync: a line is on the terminal before the process can exit, like the JSON lines.
    return pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return null;
  }
}

/** LOG_FORMAT, else pretty on a terminal and JSON everywhere else (files, pipes, containers). */
export function resolveLogFormat(value: string | undefined, isTty = Boolean(process.stdout.isTTY)): LogFormat {
  if (value === 'json' || value === 'pretty') return value;
  if (value !== undefined && value !== '') throw new Error('LOG_FORMAT must be json or pretty');
  return isTty ? 'pretty' : 'json';
}

function wrap(logger: PinoLogger): Logger {
  return {
    debug: (msg, fields) => logger.debug(fields ?? {}, msg),
    info: (msg, fields) => logger.info(fields ?? {}, msg),
    warn: (msg, fields) => logger.warn(fields ?? {}, msg),
    error: (msg, fields) => logger.error(fields ?? {}, msg),
    child: (fields) => wrap(logger.child(fields)),
    pino: logger,
  };
}

/**
 * A logger at `level` with `base` fields on every line. `write` receives each line without its
 * newline (tests capture lines with it); without it lines go to stdout, as JSON or pretty per `format`.
 */
export function createLogger(
  level: LogLevel = 'info',
  base: Record<string, unknown> = {},
  write?: (line: string) => void,
  format: LogFormat = 'json',
): Logger {
  let stream: DestinationStream;
  if (write) stream = { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
  else stream = (format === 'pretty' ? prettyStream() : null) ?? pino.destination({ dest: 1, sync: true });
  return wrap(pino(pinoOptions(level, base), stream));
}

export const silentLogger: Logger = createLogger('error', {}, () => {});
