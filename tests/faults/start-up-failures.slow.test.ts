/**
 * Start-up failures a person must fix: the port is taken, Redis cannot be reached. The process
 * exits non-zero promptly with one sentence on stderr naming the port or the URL — not a hang,
 * and not a flood of stack traces.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { rmSync } from 'node:fs';
import { freePort } from '../support/free-port.js';
import { hubBaseEnv, killAllHubs, makeDataDir, startHubProcess, type HubProcess } from './support/start-hub-process.js';

const dirs: string[] = [];
const servers: Server[] = [];

afterAll(async () => {
  await killAllHubs();
  for (const server of servers) server.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Waits for the exit, SIGKILLing (and failing) when it takes longer than the bound. */
async function exitWithin(hub: HubProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const timer = setTimeout(() => hub.child.kill('SIGKILL'), ms);
  const exit = await hub.exited;
  clearTimeout(timer);
  if (exit.signal === 'SIGKILL') throw new Error(`clienthub ${hub.command} was still running after ${ms / 1000} s: it must give up and exit.\n${hub.tail(8)}`);
  return exit;
}

function expectOneSentence(hub: HubProcess, naming: string): void {
  const stderr = hub.stderr.trim();
  const stackFrames = stderr.split('\n').filter((line) => /^\s+at /.test(line)).length;
  expect(stackFrames, `stack frames on stderr:\n${stderr.slice(0, 1500)}`).toBe(0);
  expect(stderr.split('\n').length, `stderr is one sentence, got:\n${stderr.slice(0, 1500)}`).toBe(1);
  expect(stderr, 'stderr names what to fix').toContain(naming);
  const errorLines = hub.lines.filter((l) => l.level === 'error').length;
  expect(errorLines, 'error log lines on stdout (a flood of retries)').toBeLessThanOrEqual(3);
}

// Independent processes: run side by side (each mostly waits).
describe.concurrent('start-up failures', () => {
  it('exits 1 with one sentence naming the port when the port is in use', async () => {
    const port = await freePort();
    const squatter = createServer();
    servers.push(squatter);
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const hub = startHubProcess('serve', hubBaseEnv({ dataDir, port }));
    const exit = await exitWithin(hub, 60_000);
    expect(exit.code, `exit code; stderr: ${hub.stderr.slice(0, 800)}`).toBe(1);
    expectOneSentence(hub, String(port));
  });

  it.each(['serve', 'worker'])('%s exits non-zero within 20 s with one sentence naming an unreachable REDIS_URL', async (command) => {
    const redisPort = await freePort();
    const dataDir = makeDataDir();
    dirs.push(dataDir);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const hub = startHubProcess(command, hubBaseEnv({ dataDir, port: await freePort(), redisUrl }));
    // 10 s for the hub to give up, plus the seconds tsx needs to start it on a loaded machine: the bound
    // proves it gives up by itself (no endless retry), not how fast.
    const exit = await exitWithin(hub, 60_000);
    expect(exit.code, `exit code; stderr: ${hub.stderr.slice(0, 800)}`).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expectOneSentence(hub, `127.0.0.1:${redisPort}`);
  });
});
