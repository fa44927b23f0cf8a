import { createConnection } from 'node:net';
import { createReadStream } from 'node:fs';

export type ScanResult = { clean: true } | { clean: false; reason: 'infected'; signature: string } | { clean: false; reason: 'unavailable'; error: string };

/**
 * Scans a file with ClamAV's daemon (clamd) over TCP, using its INSTREAM command: the bytes go in
 * chunks, each prefixed by its length (4 bytes, network order), ended by a zero length; clamd answers
 * `stream: OK` or `stream: <signature> FOUND`. Used when CLAMAV_HOST is set (host[:port], port 3310
 * by default). Unreachable or slow clamd is `unavailable`: the upload is refused, never let through unscanned.
 */
export async function scanWithClamav(hostAndPort: string, path: string, timeoutMs = 30_000): Promise<ScanResult> {
  const [host, port] = hostAndPort.includes(':') ? [hostAndPort.slice(0, hostAndPort.lastIndexOf(':')), Number(hostAndPort.slice(hostAndPort.lastIndexOf(':') + 1))] : [hostAndPort, 3310];
  return new Promise<ScanResult>((resolve) => {
    let answer = '';
    let settled = false;
    const done = (result: ScanResult) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    const socket = createConnection({ host, port }, async () => {
      try {
        socket.write('zINSTREAM\0');
        for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
          const length = Buffer.alloc(4);
          length.writeUInt32BE((chunk as Buffer).length);
          if (!socket.write(Buffer.concat([length, chunk as Buffer]))) await new Promise((r) => socket.once('drain', r));
        }
        socket.write(Buffer.alloc(4));
      } catch (error) {
        done({ clean: false, reason: 'unavailable', error: error instanceof Error ? error.message : String(error) });
      }
    });
    socket.setTimeout(timeoutMs, () => done({ clean: false, reason: 'unavailable', error: `clamd did not answer within ${timeoutMs} ms` }));
    socket.on('data', (data) => {
      answer += data.toString('utf8');
      if (!answer.includes('\0')) return;
      const line = answer.replace(/\0.*$/s, '').trim();
      if (/: OK$/.test(line)) done({ clean: true });
      else if (/ FOUND$/.test(line)) done({ clean: false, reason: 'infected', signature: line.replace(/^stream: /, '').replace(/ FOUND$/, '') });
      else done({ clean: false, reason: 'unavailable', error: `clamd answered "${line}"` });
    });
    socket.on('error', (error) => done({ clean: false, reason: 'unavailable', error: error.message }));
    socket.on('close', () => done({ clean: false, reason: 'unavailable', error: `clamd closed the connection${answer ? ` after "${answer.trim()}"` : ''}` }));
  });
}
