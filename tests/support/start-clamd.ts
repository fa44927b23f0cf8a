import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { findClamd } from './find-clamd.js';

/** The EICAR anti-virus test file's 68 bytes: harmless, and what every scanner is meant to flag. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
/** The name clamd reports for it: the signature below, marked UNOFFICIAL as every signature not from ClamAV's own databases is. */
export const EICAR_SIGNATURE = 'ClientHub.Test.EICAR.UNOFFICIAL';

export interface RunningClamd {
  /** host:port, as CLAMAV_HOST takes it. */
  address: string;
  streamMaxBytes: number;
  /** Stops clamd (SIGTERM, waiting for it to exit) and removes its directory. */
  stop(): Promise<void>;
}

/**
 * A clamd of the test's own (Debian's clamav-daemon) on a free 127.0.0.1 port, in the foreground as a
 * child process, with a private database directory holding one body signature: EICAR anywhere in
 * the scanned bytes (there is no network for freshclam, and no official database is needed). Resolves
 * once clamd answers PING; throws with its log when it does not start.
 */
export async function startClamd(options: { streamMaxBytes?: number } = {}): Promise<RunningClamd> {
  const binary = findClamd();
  if (!binary) throw new Error('clamd is not installed (apt-get install clamav-daemon)');
  const streamMaxBytes = options.streamMaxBytes ?? 1024 * 1024;
  const dir = await mkdtemp(join(tmpdir(), 'clienthub-clamd-'));
  const port = await freePort();
  await writeFile(join(dir, 'clienthub-test.ndb'), `ClientHub.Test.EICAR:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  const conf = join(dir, 'clamd.conf');
  await writeFile(conf, [
    'Foreground yes',
    `TCPSocket ${port}`,
    'TCPAddr 127.0.0.1',
    `DatabaseDirectory ${dir}`,
    `TemporaryDirectory ${dir}`,
    `LogFile ${join(dir, 'clamd.log')}`,
    `StreamMaxLength ${streamMaxBytes}`,
    // The database never changes under a test: no reload checks.
    'SelfCheck 0',
    '',
  ].join('\n'));
  const child = spawn(binary, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 50_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = await readFile(join(dir, 'clamd.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`clamd did not start on port ${port}: ${stderr.trim()} ${log.trim().split('\n').slice(-5).join(' | ')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address: `127.0.0.1:${port}`, streamMaxBytes, stop };
}

async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('zPING\0'));
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('data', (data) => {
      answer += data.toString('utf8');
      if (answer.includes('\0')) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer === 'PONG\0'));
  });
}
