import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { resolveLinks, type ResolveSummary } from './resolve-links.js';
import { refreshInvoiceMatches } from '../billing/refresh-invoice-matches.js';
import { DEFAULT_BILLING_CONFIG } from '../config/billing-config.js';
import { contentHash } from '../records/content-hash.js';

/** The identity rules as configured now, as a short fingerprint. */
function rulesFingerprint(app: AppContext): string {
  return contentHash(app.config.identity);
}

/** True when the cache's links were worked out with other identity rules than the configured ones. */
export function identityRulesChanged(app: AppContext): boolean {
  const row = app.db.prepare('SELECT identity_rules_fingerprint AS fingerprint FROM workspaces WHERE id = ?').get(app.workspaceId) as { fingerprint: string | null } | undefined;
  return row?.fingerprint !== rulesFingerprint(app);
}

/**
 * Every live record of the workspace re-evaluated from the cache, in one transaction (no provider is
 * called); invoice matching (on the store) re-runs right after it, in its own.
 */
export async function relinkWorkspace(app: AppContext): Promise<ResolveSummary & { ms: number }> {
  const started = performance.now();
  const summary = writeTransaction(app.db, () => {
    const result = resolveLinks(app.db, app.workspaceId, app.config.identity);
    app.db.prepare('UPDATE workspaces SET identity_rules_fingerprint = ? WHERE id = ?').run(rulesFingerprint(app), app.workspaceId);
    return result;
  });
  await app.store.transaction((tx) => refreshInvoiceMatches(tx, app.workspaceId, app.config.billing ?? DEFAULT_BILLING_CONFIG), { isolation: 'serializable' });
  const ms = Math.round(performance.now() - started);
  if (summary.linked + summary.unlinked + summary.reviewed > 0) app.logger.info('records relinked', { ...summary, ms });
  return { ...summary, ms };
}
