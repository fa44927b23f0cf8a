import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/create-test-app.js';
import { startServer } from '../src/server/start-server.js';
import { createLogger } from '../src/logging/logger.js';
import { redactUrl } from '../src/http/create-access-log.js';

interface AccessLine {
  level: string;
  msg: string;
  req?: { id: string; method: string; url: string; headers: Record<string, string> };
  res?: { statusCode: number; headers: Record<string, unknown> };
  responseTime?: number;
}

describe('access log (pino-http)', () => {
  let app: TestApp;
  let url: string;
  let close: () => Promise<void>;
  const raw: string[] = [];

  beforeEach(async () => {
    raw.length = 0;
    app = await createTestApp({ CLIENTHUB_ADMIN_TOKEN: 'admin-token-' + 'x'.repeat(30) }, { logger: createLogger('debug', {}, (line) => raw.push(line)) });
    ({ url, close } = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false }));
  });
  afterEach(async () => {
    await close();
    await app.dispose();
  });

  const accessLines = () => raw.map((l) => JSON.parse(l) as AccessLine).filter((l) => l.req);

  it('one JSON line per request, with authorization, cookie, set-cookie, x-hook-secret and URL tokens redacted', async () => {
    await fetch(`${url}/admin/api/connections?access_token=QSECRET1&page=2`, {
      headers: { authorization: 'Bearer HSECRET2', cookie: 'ch_session=CSECRET3', 'x-hook-secret': 'XSECRET4', 'x-request-id': 'req-42' },
    });
    await fetch(`${url}/auth/link/LINKSECRET5`, { redirect: 'manual' });
    await fetch(`${url}/staff/auth/link/LINKSECRET6?next=%2Fstaff`, { redirect: 'manual' });
    await fetch(`${url}/oauth/hubspot/callback?code=CODESECRET7&state=STATESECRET8`, { redirect: 'manual' });
    await fetch(`${url}/healthz`);

    // Every line is a complete JSON object: no line spans two events.
    for (const line of raw) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(raw.join('\n')).not.toMatch(/SECRET\d/);
    const lines = accessLines();
    expect(lines.map((l) => l.req!.url)).toEqual([
      '/admin/api/connections?access_token=[redacted]&page=2',
      '/auth/link/[redacted]',
      '/staff/auth/link/[redacted]?next=%2Fstaff',
      '/oauth/hubspot/callback?code=[redacted]&state=[redacted]',
    ]);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      level: 'warn',
      req: { id: 'req-42', method: 'GET', headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-hook-secret': '[redacted]' } },
      res: { statusCode: 401 },
    });
    expect(typeof lines[0]!.responseTime).toBe('number');
  });

  it('a response setting a cookie has it redacted; health probes are not logged', async () => {
    // A session cookie whose session is gone is cleared: the response carries Set-Cookie.
    const res = await fetch(`${url}/auth/link/LINKSECRET9`, { redirect: 'manual', headers: { cookie: 'clienthub_session=SESSIONSECRET10' } });
    expect(res.headers.get('set-cookie')).toContain('clienthub_session=');
    await fetch(`${url}/healthz`);
    const lines = accessLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.res!.headers['set-cookie']).toBe('[redacted]');
    expect(lines[0]!.req!.headers.cookie).toBe('[redacted]');
    expect(raw.join('\n')).not.toMatch(/LINKSECRET9|SESSIONSECRET10/);
    expect(lines[0]!.req!.id).toEqual(res.headers.get('x-request-id'));
    expect(Object.keys(lines[0]!.res!.headers).sort()).toEqual(['content-length', 'content-type', 'set-cookie']);
  });

  it('redactUrl keeps harmless parameters and malformed pairs', () => {
    expect(redactUrl('/x?status=open&Token=abc&sig%6Eature=zz&flag#frag')).toBe('/x?status=open&Token=[redacted]&sig%6Eature=[redacted]&flag');
    expect(redactUrl('/notifications/unsubscribe/tok123/confirm')).toBe('/notifications/unsubscribe/[redacted]/confirm');
  });
});
