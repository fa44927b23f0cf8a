import type { AppContext } from '../app/app-context.js';
import { resolveLinks, type ResolveSummary } from './resolve-links.js';
import { refreshInvoiceMatches } from '../billing/refresh-invoice-matches.js';
import { DEFAULT_BILLING_CONFIG } from '../config/billing-config.js';
import { contentHash } from '../records/content-hash.js';
import { findIdentityRulesFingerprint } from '../store/identity/find-identity-rules-fingerprint.js';
import { updateIdentityRulesFingerprint } from '../store/identity/update-identity-rules-fingerprint.js';

/** The identity rules as configured now, as a short fingerprint. */
function rulesFingerprint(app: AppContext): string {
  return contentHash(app.config.identity);
}

/** True when the cache's links were worked out with other identity rules than the configured ones. */
export async function identityRulesChanged(app: AppContext): Promise<boolean> {
  return (await findIdentityRulesFingerprint(app.store.db, app.workspaceId)) !== rulesFingerprint(app);
}

/**
 * Every live record of the workspace re-evaluated from the cache, in one serializable transaction
 * with the fingerprint of the rules it used and the invoice matching that follows from the links (no
 * provider is called).
 */
export async function relinkWorkspace(app: AppContext): Promise<ResolveSummary & { ms: number }> {
  const started = performance.now();
  const summary = await app.store.transaction(async (tx) => {
    const result = await resolveLinks(tx, app.workspaceId, app.config.identity);
    await updateIdentityRulesFingerprint(tx, app.workspaceId, rulesFingerprint(app));
    await refreshInvoiceMatches(tx, app.workspaceId, app.config.billing ?? DEFAULT_BILLING_CONFIG);
    return result;
  }, { isolation: 'serializable' });
  const ms = Math.round(performance.now() - started);
  if (summary.linked + summary.unlinked + summary.reviewed > 0) app.logger.info('records relinked', { ...summary, ms });
  return { ...summary, ms };
}
