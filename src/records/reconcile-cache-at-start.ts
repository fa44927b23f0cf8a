import type { AppContext } from '../app/app-context.js';
import { remapRecords } from './remap-records.js';
import { identityRulesChanged } from '../identity/relink-workspace.js';

/**
 * What a process checks before serving or working: stored payloads are re-mapped when the mapping
 * configuration (or code revision) changed, and every record is re-linked (as a job) when the
 * identity rules did. Both compare fingerprints, so an unchanged deployment starts without either.
 */
export async function reconcileCacheAtStart(app: AppContext): Promise<void> {
  await remapRecords(app, { onlyIfChanged: true });
  if (await identityRulesChanged(app)) await app.jobs.enqueue('links.resolve', {}, { dedupeKey: 'links.resolve' });
}
