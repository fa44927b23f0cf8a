import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli } from './support/spawn-cli.js';
import { TEST_SECRET_KEY } from './support/create-test-app.js';

/** Runs `clienthub <args>` to its end: exit code, everything on stderr, the stdout lines. */
async function runToExit(args: string[], env: Record<string, string>) {
  const cli = spawnCli(args, env);
  let stderr = '';
  cli.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => cli.child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, stderr, stdout: cli.lines };
}

describe('start-up when the port is taken by another process', () => {
  let holder: Server;
  let port: number;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'clienthub-listen-'));
    holder = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nhi'));
    port = await new Promise<number>((resolve) => holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)));
  });
  afterEach(async () => {
    await new Promise((resolve) => holder.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const sentence = () => new RegExp(`^ClientHub cannot start because port ${port} on 127\\.0\\.0\\.1 is already in use by another process \\(stop it or set PORT to a free port\\)\\.$`);

  it('serve says so in one sentence on stderr and exits 1, never "running"', async () => {
    const { code, stderr, stdout } = await runToExit(['serve'], { PORT: String(port), HOST: '127.0.0.1', CLIENTHUB_DATA_DIR: dataDir, CLIENTHUB_SECRET_KEY: TEST_SECRET_KEY, REDIS_URL: '' });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(sentence());
    expect(JSON.stringify(stdout)).not.toContain('ClientHub is running');
  }, 60_000);

  it('demo does the same when the hub’s port is taken', async () => {
    const { code, stderr, stdout } = await runToExit(['demo', '--exit'], { PORT: String(port), CLIENTHUB_DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(sentence());
    expect(JSON.stringify(stdout)).not.toContain('ClientHub running at');
  }, 90_000);
});
