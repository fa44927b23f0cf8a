import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * What every demo mode shares before its hub starts: a fresh data directory whose `secret.key`
 * is the key the demo runs with (so `npx clienthub --data-dir <dir> staff add …` signs links the
 * running demo accepts), and one base URL — the one printed, linked in mail and the staff link,
 * and used for OAuth callbacks, so the console's CSP form-action matches where the browser is.
 */
export async function prepareDemoHub(options: { dataDir: string; port: number; publicUrl?: string }): Promise<{ port: number; publicUrl: string }> {
  rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(options.dataDir, { recursive: true });
  // CLIENTHUB_SECRET_KEY, when set, wins in the demo and in the CLI alike; otherwise the data dir's key is the one.
  if (!process.env.CLIENTHUB_SECRET_KEY) writeFileSync(join(options.dataDir, 'secret.key'), `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  // PORT=0 means "any free port": chosen here, because the base URL must name it before the hub starts.
  const port = options.port === 0 ? await pickFreePort() : options.port;
  // localhost, as PUBLIC_URL defaults to everywhere else: the CLI run beside the demo makes the same links.
  return { port, publicUrl: (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '') };
}

function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
