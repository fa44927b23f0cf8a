import { createConnection, type Socket } from 'node:net';
import { createReadStream } from 'node:fs';
import { parseClamavAddress } from '../config/parse-clamav-address.js';

export type ScanResult =
  | { clean: true }
  | { clean: false; reason: 'infected'; signature: string }
  /** clamd refused the stream as over its StreamMaxLength: a file to send smaller, not a scanner to wait for. */
  | { clean: false; reason: 'too_large'; error: string }
  | { clean: false; reason: 'unavailable'; error: string };

/**
 * Scans a file with ClamAV's daemon (clamd) over TCP, using its INSTREAM command: the bytes go in
 * chunks, each prefixed by its length (4 bytes, network order), ended by a zero length; clamd answers
 * `stream: OK` or `stream: <signature> FOUND` (NUL-terminated, for the `z` form of the command). Used
 * when CLAMAV_HOST is set (src/config/parse-clamav-address.ts). Anything else is `unavailable` and the
 * upload is refused, never let through unscanned: clamd unreachable or silent for timeoutMs, or an
 * error answer. A stream over clamd's StreamMaxLength is `too_large`: clamd answers `INSTREAM size
 * limit exceeded. ERROR` and closes the connection, often before the rest of the file is written, so
 * the write fails (EPIPE) before the answer can be read; a connection cut mid-file is therefore told
 * apart from a clamd that went away by asking clamd (PING) whether it is still there.
 */
export async function scanWithClamav(hostAndPort: string, path: string, timeoutMs = 30_000): Promise<ScanResult> {
  const address = parseClamavAddress(hostAndPort);
  const result = await streamToClamav(address, path, timeoutMs);
  if (!('cutShort' in result)) return result;
  // Cut off mid-file with no answer read: over StreamMaxLength if clamd still answers, else gone.
  return (await pingClamav(address, Math.min(timeoutMs, 5_000)))
    ? { clean: false, reason: 'too_large', error: result.cutShort }
    : { clean: false, reason: 'unavailable', error: `${result.cutShort}; it does not answer PING either` };
}

/** clamd's PING: true when it answers PONG within timeoutMs. */
function pingClamav(address: { host: string; port: number }, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = createConnection(address, () => socket.write('zPING\0'));
    const done = (alive: boolean) => {
      socket.destroy();
      resolve(alive);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('data', (data) => {
      answer += data.toString('utf8');
      if (answer.includes('\0')) done(answer.slice(0, answer.indexOf('\0')).trim() === 'PONG');
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

function streamToClamav({ host, port }: { host: string; port: number }, path: string, timeoutMs: number): Promise<ScanResult | { cutShort: string }> {
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  return new Promise((resolve) => {
    let answer = '';
    let sentBytes = 0;
    let sending = false;
    let settled = false;
    const done = (result: ScanResult | { cutShort: string }) => {
      if (settled) return;
      settled = true;
      // The file is closed whatever happened: a scan cut short must not leave it open.
      file.destroy();
      socket.destroy();
      resolve(result);
    };
    const unavailable = (error: string) => done({ clean: false, reason: 'unavailable', error });
    const cutShort = (what: string) => `clamd ${what} after ${sentBytes} bytes, before the whole file was sent (clamd does so to a stream over its StreamMaxLength)`;
    const socket = createConnection({ host, port }, () => {
      sending = true;
      sendFile(socket, file, (bytes) => (sentBytes += bytes))
        .then(() => void (sending = false))
        .catch((error: unknown) => unavailable(`could not send the file to clamd: ${error instanceof Error ? error.message : String(error)}`));
    });
    file.on('error', (error) => unavailable(`could not read the file: ${error.message}`));
    socket.setTimeout(timeoutMs, () => unavailable(`clamd did not answer within ${timeoutMs} ms`));
    socket.on('data', (data) => {
      answer += data.toString('utf8');
      if (!answer.includes('\0')) return;
      const line = answer.slice(0, answer.indexOf('\0')).trim();
      const found = /^stream: (.+) FOUND$/.exec(line);
      if (line === 'stream: OK') done({ clean: true });
      else if (found) done({ clean: false, reason: 'infected', signature: found[1]! });
      else if (/size limit exceeded/i.test(line)) done({ clean: false, reason: 'too_large', error: `clamd answered "${line}"` });
      else unavailable(`clamd answered "${line}"`);
    });
    socket.on('error', (error) => (sending ? done({ cutShort: cutShort(`closed the connection (${error.message})`) }) : unavailable(error.message)));
    socket.on('close', () => (answer ? unavailable(`clamd closed the connection after "${answer.trim()}"`) : sending ? done({ cutShort: cutShort('closed the connection') }) : unavailable('clamd closed the connection without an answer')));
  });
}

/** INSTREAM's framing: the command, each chunk after its length, then a zero length. Stops when the socket is gone. */
async function sendFile(socket: Socket, file: AsyncIterable<Buffer>, onSent: (bytes: number) => void): Promise<void> {
  socket.write('zINSTREAM\0');
  for await (const chunk of file) {
    if (socket.destroyed) return;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(chunk.length);
    const flowing = socket.write(Buffer.concat([length, chunk]));
    onSent(chunk.length);
    // Wait for room, or for the socket to go (a destroyed socket never drains).
    if (!flowing) await new Promise<void>((resolve) => {
      const go = () => {
        socket.off('drain', go);
        socket.off('close', go);
        resolve();
      };
      socket.on('drain', go);
      socket.on('close', go);
    });
  }
  if (!socket.destroyed) socket.write(Buffer.alloc(4));
}
