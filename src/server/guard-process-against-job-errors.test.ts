/**
 * The guards run in a child process of their own: an uncaught exception is the event under test,
 * and it must not be raised inside the test runner's process.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runScript(body: string) {
  const script = `
    const { guardProcessAgainstJobErrors } = await import('./src/server/guard-process-against-job-errors.ts');
    const { runInJobScope } = await import('./src/jobs/job-scope.ts');
    const { createLogger } = await import('./src/logging/logger.ts');
    guardProcessAgainstJobErrors(createLogger('debug'));
    ${body}
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const lines = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: result.status, lines, stderr: result.stderr };
}

describe('process guards against job errors', () => {
  it('logs an error that escapes a job (a throw in its timer, a rejection nobody awaited) and keeps the process running', () => {
    const { status, lines } = runScript(`
      const job = { id: '7', name: 'sync.pull', attempt: 1, maxAttempts: 3 };
      await runInJobScope(job, async () => {
        setTimeout(() => { throw new Error('socket callback blew up'); }, 10);
        Promise.reject(new Error('forgotten promise'));
      });
      await new Promise((r) => setTimeout(r, 200));
      console.log(JSON.stringify({ msg: 'still alive' }));
    `);
    expect(status).toBe(0);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', msg: 'unhandled rejection in a job: logged, process kept running', jobId: '7', error: 'forgotten promise' }),
      expect.objectContaining({ level: 'error', msg: 'uncaught exception in a job: logged, process kept running', job: 'sync.pull', error: 'socket callback blew up' }),
      { msg: 'still alive' },
    ]);
  });

  it('exits 1 with one logged line for the same error outside any job', () => {
    const { status, lines, stderr } = runScript(`
      setTimeout(() => { throw new Error('the server itself is broken'); }, 10);
      await new Promise((r) => setTimeout(r, 500));
      console.log(JSON.stringify({ msg: 'should not get here' }));
    `);
    expect(status).toBe(1);
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'uncaught exception: exiting', error: 'the server itself is broken' })]);
    expect(stderr).toBe('');
  });
});
