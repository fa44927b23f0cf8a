import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where ClamAV's daemon binary is (Debian's clamav-daemon puts it in /usr/sbin, off most users'
 * PATH), or null when it is not installed: tests against a live clamd skip only then.
 */
export function findClamd(): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    try {
      accessSync(join(dir, 'clamd'), constants.X_OK);
      return join(dir, 'clamd');
    } catch {
      // not here
    }
  }
  return null;
}
