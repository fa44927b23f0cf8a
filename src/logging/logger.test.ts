import { describe, expect, it } from 'vitest';
import { createLogger, resolveLogFormat } from './logger.js';

describe('createLogger (pino)', () => {
  it('writes one JSON object per line with level label, ISO time, base and child fields', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { pid: 7 }, (line) => lines.push(line));
    logger.debug('hidden');
    logger.child({ connectionId: 3, runId: 'r1' }).child({ jobId: 'j9' }).warn('pull slow', { objectType: 'contact' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'warn', msg: 'pull slow', pid: 7, connectionId: 3, runId: 'r1', jobId: 'j9', objectType: 'contact' });
    expect(new Date(String(line.time)).toISOString()).toBe(line.time);
  });

  it('redacts tokens, cookies and authorization fields, and keeps Error messages', () => {
    const lines: string[] = [];
    const logger = createLogger('debug', {}, (line) => lines.push(line));
    logger.info('oauth refreshed', { accessToken: 'at-SECRET-1', refreshToken: 'rt-SECRET-2', connection: { token: 'SECRET-3', id: 4 } });
    logger.error('boom', { error: new Error('disk full') });
    const joined = lines.join('\n');
    expect(joined).not.toMatch(/SECRET/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ accessToken: '[redacted]', connection: { token: '[redacted]', id: 4 } });
    expect(JSON.parse(lines[1]!)).toMatchObject({ error: { message: 'disk full', type: 'Error' } });
  });

  it('LOG_FORMAT picks json or pretty; unset follows the terminal; anything else is refused', () => {
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
    expect(resolveLogFormat(undefined, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, false)).toBe('json');
    expect(() => resolveLogFormat('yaml')).toThrow(/LOG_FORMAT must be json or pretty/);
  });
});

describe('withLogContext', () => {
  it('adds its fields to every line inside it, across awaits and nested contexts; a field given at the call wins', async () => {
    const { withLogContext } = await import('./log-context.js');
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', {}, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    await withLogContext({ jobId: '17', job: 'sync.pull' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.child({ runId: 4 }).info('inside');
      withLogContext({ reqId: 'r-1' }, () => logger.info('nested', { jobId: 'explicit' }));
    });
    logger.info('outside');
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'inside', jobId: '17', job: 'sync.pull', runId: 4 }),
      expect.objectContaining({ msg: 'nested', jobId: 'explicit', job: 'sync.pull', reqId: 'r-1' }),
      expect.not.objectContaining({ jobId: expect.anything() }),
    ]);
  });
});
