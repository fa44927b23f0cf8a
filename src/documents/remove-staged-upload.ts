import { rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { AppContext } from '../app/app-context.js';

/**
 * Deletes a delivered upload's staged file (its own directory under <data dir>/uploads/). Safe once
 * the action is done: a later attempt would find the attachment by its marker, never read the file.
 * Refuses any path outside the staging directory, whatever the payload says.
 */
export async function removeStagedUpload(app: AppContext, payload: Record<string, unknown>): Promise<void> {
  if (typeof payload.path !== 'string') return;
  const staging = join(app.config.dataDir, 'uploads');
  const dir = dirname(payload.path);
  const inside = relative(staging, dir);
  if (!inside || inside.startsWith('..') || inside.includes(sep)) return;
  await rm(dir, { recursive: true, force: true }).catch((error: unknown) => app.logger.warn('staged upload not removed', { error: error instanceof Error ? error.message : String(error) }));
}
