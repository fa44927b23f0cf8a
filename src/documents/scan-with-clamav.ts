import { createConnection, type Socket } from 'node:net';
import { createReadStream } from 'node:fs';

export type ScanResult = { clean: true } | { clean: false; reason: 'infected'; signature: string } | { clean: false; reason: 'unavailable'; error: string };

/**
 * Scans a file with ClamAV's daemon (clamd) over TCP, using its INSTREAM command: the bytes go in
 * chunks, each prefixed by its length (4 bytes, network order), ended by a zero length; clamd answers
 * `stream: OK` or `stream: <signature> FOUND` (NUL-terminated, for the `z` form of the command). Used
 * when CLAMAV_HOST is set (host[:port], port 3310 by default). Anything else is `unavailable` and the
 * upload is refused, never let through unscanned: clamd unreachable or silent for timeoutMs, an
 * error answer, or a stream over clamd's StreamMaxLength — clamd then answers `INSTREAM size limit
 * exceeded. ERROR` and closes the connection, often before the rest of the file is written, so the
 * write fails (EPIPE) before the answer is read.
 */
export async function scanWithClamav(hostAndPort: string, path: string, timeoutMs = 30_000): Promise<ScanResult> {
  const [host, port] = hostAndPort.includes(':') ? [hostAndPort.slice(0, hostAndPort.lastIndexOf(':')), Number(hostAndPort.slice(hostAndPort.lastIndexOf(':') + 1))] : [hostAndPort, 3310];
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  return new Promise<ScanResult>((resolve) => {
    let answer = '';
    let sentBytes = 0;
    let sending = false;
    let settled = false;
    const done = (result: ScanResult) => {
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
      else unavailable(`clamd answered "${line}"`);
    });
    socket.on('error', (error) => unavailable(sending ? cutShort(`closed the connection (${error.message})`) : error.message));
    socket.on('close', () => unavailable(answer ? `clamd closed the connection after "${answer.trim()}"` : sending ? cutShort('closed the connection') : 'clamd closed the connection without an answer'));
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
