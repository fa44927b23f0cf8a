import { openPostgresStore, StoreUnavailableError } from '../postgres/open-postgres-store.js';
import type { Store } from '../store.js';
import { CopyRefusedError } from './open-sqlite-source.js';

/**
 * The PostgreSQL database named by `--to`: reached (or one sentence naming the host), and migrated
 * to this ClientHub's schema when `migrate` is set (under the advisory lock, as every process does).
 */
export async function openCopyTarget(url: string, options: { migrate: boolean; connectTimeoutMs?: number }): Promise<Store> {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new CopyRefusedError(`--to must be a postgres:// URL, got "${url.replace(/\/\/[^@/]*@/, '//…@')}".`);
  try {
    return await openPostgresStore(url, { poolSize: 2, migrate: options.migrate, connectTimeoutMs: options.connectTimeoutMs });
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw new CopyRefusedError(error.message.replace("DATABASE_URL's", "the URL's"));
    throw error;
  }
}
