import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * CLIENTHUB_SECRET_KEY when set; otherwise a key generated once and kept in the data
 * directory (mode 0600), so `npm start` works on a fresh machine without losing sessions
 * or sealed tokens across restarts. Production deployments should set the variable.
 */
export function resolveSecretKey(configured: string | undefined, dataDir: string, warn: (msg: string) => void): string {
  if (configured) return configured;
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(48).toString('base64url');
  writeFileSync(file, key + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  warn(`CLIENTHUB_SECRET_KEY is not set: generated one in ${file}. Set the variable in production.`);
  return key;
}
