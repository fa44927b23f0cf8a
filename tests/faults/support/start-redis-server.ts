/**
 * A private redis-server for one test file, on a free port, nothing saved to disk: stopping it and
 * starting it again is "Redis restarted empty". The shared Redis on 6379 is never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from '../../support/free-port.js';

export interface RedisServer {
  port: number;
  url: string;
  readonly running: boolean;
  /** Starts it (again) on the same port; resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it (SIGKILL: an outage, not a graceful shutdown); resolves once the process is gone. */
  stop(): Promise<void>;
  /** Stop, then start: it comes back with no keys at all. */
  restartEmpty(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  let log = '';

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== null;
    },
    async start() {
      if (child) return;
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] });
      started.stdout!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
      started.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
      child = started;
      started.once('exit', () => {
        if (child === started) child = null;
      });
      for (let i = 0; i < 100; i++) {
        if (await ping(port)) return;
        if (child !== started) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${log}`);
    },
    async stop() {
      const running = child;
      if (!running) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
      child = null;
    },
    async restartEmpty() {
      await server.stop();
      await server.start();
    },
  };
  await server.start();
  return server;
}
