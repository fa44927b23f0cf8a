/**
 * The hub as a real child process (`clienthub serve|worker`, run from source through tsx the way
 * tests/support/spawn-cli.ts does: no build step, so it works the same in CI), with only the
 * environment the test gives it plus PATH/HOME — nothing leaks in from the developer's shell.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export const FAULT_SECRET_KEY = 'fault-suite-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz';

export type LogLine = Record<string, unknown>;

export interface HubProcess {
  command: string;
  /** The environment it was started with (a restart reuses it). */
  env: Record<string, string>;
  child: ChildProcess;
  /** JSON log lines (and any other stdout line as `{ text }`) so far. */
  lines: LogLine[];
  /** Everything written to stderr so far. */
  readonly stderr: string;
  /** Null while it runs; then its exit code (or the signal's name). */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Resolves with the exit once it has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(predicate: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** The last lines of output, for failure messages. */
  tail(n?: number): string;
  /** Sends the signal; SIGKILL follows after graceMs if it has not exited by then. */
  kill(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const live = new Set<HubProcess>();

/** A fresh data directory for one hub (serve and its workers share it). */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'clienthub-faults-'));
}

export function startHubProcess(command: 'serve' | 'worker' | string, env: Record<string, string>): HubProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', command], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      // A config file in the developer's checkout would change what is tested.
      CLIENTHUB_CONFIG: join(root, 'tests/faults/support/empty-config.json'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  // FAULT_SUITE_LOG_DIR=<dir> keeps every hub's output for a post-mortem (CI artefact, local debugging).
  const logDir = process.env.FAULT_SUITE_LOG_DIR;
  const logFile = logDir ? join(logDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${command}-${child.pid}.log`) : null;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const keep = (text: string) => {
    if (logFile) appendFileSync(logFile, text);
  };
  const waiters: { predicate: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let stderr = '';
  let exit: HubProcess['exit'] = null;
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    keep(`[stderr] ${chunk.toString()}`);
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    keep(`${text}\n`);
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { text };
    }
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      live.delete(hub);
      resolve(exit);
    }),
  );
  const tail = (n = 15) => [...lines.slice(-n).map((l) => JSON.stringify(l)), stderr.trim() ? `stderr: ${stderr.slice(-1500)}` : ''].filter(Boolean).join('\n');

  const hub: HubProcess = {
    command,
    env,
    child,
    lines,
    get stderr() {
      return stderr;
    },
    get exit() {
      return exit;
    },
    exited,
    waitForLine(predicate, what, timeoutMs = 60_000) {
      const seen = lines.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const fail = (why: string) => {
          clearTimeout(timer);
          reject(new Error(`clienthub ${command}: ${why} while waiting for ${what}.\nLast output:\n${tail()}`));
        };
        const timer = setTimeout(() => fail(`nothing after ${timeoutMs} ms`), timeoutMs);
        void exited.then((e) => fail(`the process exited (code ${e.code}, signal ${e.signal})`));
        waiters.push({ predicate, resolve: (l) => { clearTimeout(timer); resolve(l); } });
      });
    },
    tail,
    async kill(signal = 'SIGTERM', graceMs = 15_000) {
      if (exit) return;
      child.kill(signal);
      // A shutdown that hangs (waiting on a Redis that is gone) must not hang the suite.
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  live.add(hub);
  return hub;
}

/** Kills it (SIGKILL by default: a crash, not a shutdown) and starts the same command with the same environment. */
export async function restartHubProcess(hub: HubProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<HubProcess> {
  await hub.kill(signal);
  return startHubProcess(hub.command, hub.env);
}

/** Waits for `serve` to print that it listens; returns its URL. */
export async function waitForServeReady(hub: HubProcess, timeoutMs = 60_000): Promise<string> {
  const line = await hub.waitForLine((l) => l.msg === 'ClientHub listening', 'the "ClientHub listening" log line', timeoutMs);
  return String(line.url);
}

export async function waitForWorkerReady(hub: HubProcess, timeoutMs = 60_000): Promise<void> {
  await hub.waitForLine((l) => l.msg === 'worker started', 'the "worker started" log line', timeoutMs);
}

/** SIGKILLs every hub process still running (afterAll). */
export async function killAllHubs(): Promise<void> {
  await Promise.all([...live].map((hub) => hub.kill('SIGKILL')));
}

/** The variables every fault-suite hub gets: its own data dir and port, a fixed secret key, JSON logs. */
export function hubBaseEnv(options: { dataDir: string; port: number; redisUrl?: string }): Record<string, string> {
  return {
    CLIENTHUB_DATA_DIR: options.dataDir,
    CLIENTHUB_SECRET_KEY: FAULT_SECRET_KEY,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    LOG_LEVEL: 'info',
    CLIENTHUB_BUSINESS_NAME: 'Fault Suite Agency',
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl, CLIENTHUB_QUEUE_NAME: 'clienthub-faults' } : {}),
  };
}
