/**
 * A fault-injecting HTTP proxy in front of one provider emulator. The hub is pointed at the proxy;
 * the test switches what it does at run time: pass calls through (optionally slowly), hang (accept
 * and never answer), answer 500 or the provider's own 429, or reset the connection — for every
 * call, every Nth call, or only calls whose path matches. Loopback only.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { rateLimitAnswer, serverErrorAnswer, type FaultAnswer, type FaultProvider } from './provider-fault-answers.js';

export type FaultMode = 'pass' | 'hang' | '500' | '429' | 'reset';

export interface FaultRule {
  mode: FaultMode;
  /** Only every Nth matching call gets the fault (counted from when the rule was set); the rest pass. */
  every?: number;
  /** Only calls whose path (with query) matches get the fault; the rest pass. */
  path?: RegExp;
  /** Added before a call is passed on: makes a backfill slow enough to interrupt. */
  delayMs?: number;
  /** For 'hang': drop the connection after this long (a load balancer's idle timeout); never by default. */
  resetAfterMs?: number;
  /** For '429' where the provider sends Retry-After (HubSpot, Xero, Asana). */
  retryAfterSeconds?: number;
}

export interface FaultProxy {
  url: string;
  provider: FaultProvider;
  /** Replaces the current rule ('pass' clears it). Requests already hanging stay hung until released. */
  set(rule: FaultRule | FaultMode): void;
  /** Ends every hanging request with a connection reset. */
  releaseHanging(): void;
  /** Requests received so far, and how many got each fault. */
  readonly stats: { calls: number; passed: number; faults: Record<Exclude<FaultMode, 'pass'>, number>; hangingNow: number };
  close(): Promise<void>;
}

export async function startFaultProxy(options: { target: string; provider: FaultProvider }): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error(`fault proxy: loopback targets only, got ${target.host}`);
  let rule: FaultRule = { mode: 'pass' };
  let matched = 0;
  const sockets = new Set<Socket>();
  const hanging = new Set<{ socket: Socket; timer?: NodeJS.Timeout }>();
  const stats = { calls: 0, passed: 0, faults: { hang: 0, '500': 0, '429': 0, reset: 0 }, hangingNow: 0 };

  const reset = (socket: Socket) => {
    if (socket.destroyed) return;
    // A TCP RST, not a polite FIN: what a dropped connection looks like to the SDK (ECONNRESET).
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  };

  const answer = (res: ServerResponse, fault: FaultAnswer) => {
    res.writeHead(fault.status, { ...fault.headers, 'content-length': String(Buffer.byteLength(fault.body)), connection: 'close' });
    res.end(fault.body);
  };

  const pass = (req: IncomingMessage, res: ServerResponse) => {
    stats.passed++;
    const upstream = httpRequest(
      { host: target.hostname.replace(/^\[|\]$/g, ''), port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answerFromUpstream) => {
        res.writeHead(answerFromUpstream.statusCode ?? 502, answerFromUpstream.headers);
        answerFromUpstream.pipe(res);
      },
    );
    upstream.on('error', () => reset(req.socket));
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    stats.calls++;
    const current = rule;
    const applies = current.mode !== 'pass' && (!current.path || current.path.test(req.url ?? '')) && (!current.every || ++matched % current.every === 0);
    if (!applies) {
      if (current.delayMs) setTimeout(() => pass(req, res), current.delayMs);
      else pass(req, res);
      return;
    }
    stats.faults[current.mode as Exclude<FaultMode, 'pass'>]++;
    switch (current.mode) {
      case 'hang': {
        // Read the body so the client believes the request went out, then say nothing.
        req.resume();
        const held: { socket: Socket; timer?: NodeJS.Timeout } = { socket: req.socket };
        if (current.resetAfterMs) held.timer = setTimeout(() => { hanging.delete(held); reset(held.socket); }, current.resetAfterMs);
        hanging.add(held);
        req.socket.once('close', () => { if (held.timer) clearTimeout(held.timer); hanging.delete(held); });
        return;
      }
      case 'reset':
        req.resume();
        return reset(req.socket);
      case '500':
        req.resume();
        return answer(res, serverErrorAnswer(options.provider));
      case '429':
        req.resume();
        return answer(res, rateLimitAnswer(options.provider, current.retryAfterSeconds));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    provider: options.provider,
    set(next) {
      rule = typeof next === 'string' ? { mode: next } : next;
      matched = 0;
    },
    releaseHanging() {
      for (const held of [...hanging]) {
        if (held.timer) clearTimeout(held.timer);
        hanging.delete(held);
        reset(held.socket);
      }
    },
    get stats() {
      return { ...stats, faults: { ...stats.faults }, hangingNow: hanging.size };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
