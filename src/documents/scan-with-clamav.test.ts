import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanWithClamav } from './scan-with-clamav.js';
import { findClamd } from '../../tests/support/find-clamd.js';
import { EICAR, EICAR_SIGNATURE, startClamd, type RunningClamd } from '../../tests/support/start-clamd.js';
import { freePort } from '../../tests/support/free-port.js';

const clamd = findClamd();
if (!clamd) console.warn('scan-with-clamav.test.ts: SKIPPED — no clamd binary (apt-get install clamav-daemon); .ci/run installs it');

/** The files this process holds open under dir (Linux's /proc): a scan must close what it opened. */
async function openFilesUnder(dir: string): Promise<string[]> {
  const links = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return links.filter((link) => link.startsWith(dir));
}

describe.skipIf(!clamd)(`scanWithClamav against a live clamd (Debian's clamav-daemon, a private EICAR signature)${clamd ? '' : ' — skipped: clamd is not installed'}`, () => {
  let daemon: RunningClamd;
  let dir: string;
  const file = async (name: string, body: Buffer | string) => {
    const path = join(dir, name);
    await writeFile(path, body);
    return path;
  };

  beforeAll(async () => {
    daemon = await startClamd({ streamMaxBytes: 1024 * 1024 });
    dir = await mkdtemp(join(tmpdir(), 'clienthub-scan-'));
  });
  afterAll(async () => {
    await daemon?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('calls a clean file clean, and names the signature of an infected one', async () => {
    expect(await scanWithClamav(daemon.address, await file('notes.txt', 'Minutes of the kick-off meeting.\n'))).toEqual({ clean: true });
    expect(await scanWithClamav(daemon.address, await file('eicar.txt', EICAR))).toEqual({ clean: false, reason: 'infected', signature: EICAR_SIGNATURE });
  });

  it('frames a file of many chunks so clamd sees one stream: clean, and EICAR found across a chunk boundary', async () => {
    // 300 KB goes as five 64 KB chunks; the EICAR bytes straddle the first boundary.
    const clean = Buffer.alloc(300 * 1024, 'a');
    expect(await scanWithClamav(daemon.address, await file('long.txt', clean))).toEqual({ clean: true });
    const infected = Buffer.from(clean);
    infected.write(EICAR, 64 * 1024 - 30, 'latin1');
    expect(await scanWithClamav(daemon.address, await file('long-infected.txt', infected))).toEqual({ clean: false, reason: 'infected', signature: EICAR_SIGNATURE });
  });

  it('scans a stream of exactly StreamMaxLength; one byte more is refused as too large (not as an outage), and the file is left closed', async () => {
    expect(await scanWithClamav(daemon.address, await file('at-limit.txt', Buffer.alloc(daemon.streamMaxBytes, 'a')))).toEqual({ clean: true });
    expect(await scanWithClamav(daemon.address, await file('over-limit.txt', Buffer.alloc(daemon.streamMaxBytes + 1, 'a')))).toMatchObject({ clean: false, reason: 'too_large' });
    const path = await file('huge.txt', Buffer.alloc(4 * daemon.streamMaxBytes, 'a'));
    const result = await scanWithClamav(daemon.address, path);
    expect(result).toMatchObject({ clean: false, reason: 'too_large' });
    // clamd answers "INSTREAM size limit exceeded. ERROR" and closes; the rest of the file's write fails first, often.
    expect(result.clean === false && result.reason === 'too_large' ? result.error : '').toMatch(/INSTREAM size limit exceeded|StreamMaxLength/);
    // The scan stopped writing when clamd went away; it does not wait for a drain that never comes, holding the file.
    await vi.waitFor(async () => expect(await openFilesUnder(dir)).toEqual([]));
    // clamd still serves the next scan.
    expect(await scanWithClamav(daemon.address, await file('after.txt', 'still here\n'))).toEqual({ clean: true });
  });

  it('refuses when clamd is not there, or says nothing', async () => {
    const path = await file('letter.txt', 'Dear team,\n');
    const closedPort = await freePort();
    expect(await scanWithClamav(`127.0.0.1:${closedPort}`, path)).toMatchObject({ clean: false, reason: 'unavailable', error: expect.stringContaining('ECONNREFUSED') });
    // Something listening that takes the stream and never answers: refused after the timeout, not waited on for ever.
    const held: Socket[] = [];
    const silent: Server = createServer((socket) => {
      held.push(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      expect(await scanWithClamav(`127.0.0.1:${port}`, path, 300)).toMatchObject({ clean: false, reason: 'unavailable', error: 'clamd did not answer within 300 ms' });
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
    // Something that takes part of the stream and hangs up (a clamd dying mid-scan): not "too large",
    // since nothing answers PING after it; the upload waits for the scanner instead.
    const dying: Server = createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((resolve) => dying.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = dying.address() as { port: number };
      const cut = await scanWithClamav(`127.0.0.1:${port}`, await file('cut.txt', Buffer.alloc(4 * daemon.streamMaxBytes, 'a')), 2_000);
      expect(cut).toMatchObject({ clean: false, reason: 'unavailable', error: expect.stringMatching(/does not answer PING either$/) });
    } finally {
      await new Promise((resolve) => dying.close(resolve));
    }
    // A file that cannot be read is refused too.
    expect(await scanWithClamav(daemon.address, join(dir, 'missing.txt'))).toMatchObject({ clean: false, reason: 'unavailable', error: expect.stringContaining('ENOENT') });
  });
});
