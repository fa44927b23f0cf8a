import type { AppContext } from '../app/app-context.js';
import { provisionWonDeal } from '../provisioning/provision-won-deal.js';
import { reviewClientStanding } from '../clients/review-client-standing.js';
import { crmProviders } from '../identity/crm-providers.js';
import { queueDocumentListing, queueUnlistedDocuments } from '../documents/list-record-documents.js';
import { listUnprovisionedWonDeals } from '../store/records/list-unprovisioned-won-deals.js';
import { listLinkedAnchorProviders } from '../store/records/list-linked-anchor-providers.js';

/**
 * Business rules that follow a change in the cache, whichever path brought it
 * (backfill, poll, webhook, fetch): a deal that is won provisions its client; a change to what
 * identifies a client (its CRM company or contacts) has every other record re-evaluated.
 */
export async function afterRecordsChanged(app: AppContext, recordIds: number[]): Promise<void> {
  if (recordIds.length === 0) return;
  const wonDeals = await listUnprovisionedWonDeals(app.store.db, recordIds);
  for (const id of wonDeals) await provisionWonDeal(app, id);
  // Provisioning links the won client's records: their files are listed now (only client-owned records are).
  if (wonDeals.length > 0) await queueUnlistedDocuments(app);
  // A deal lost or reversed, a company removed: the client's people lose access at once (and regain it when won again).
  const standing = await reviewClientStanding(app.store, recordIds);
  if (standing.offboarded.length + standing.reactivated.length > 0) app.logger.info('client standing changed', standing);
  // The batch linked its own records in its transaction; records elsewhere that the new facts make
  // linkable (a Stripe customer with a client contact's new email) are found by one debounced relink.
  const crm = await crmProviders(app.store.db, app.workspaceId);
  const anchors = await listLinkedAnchorProviders(app.store.db, recordIds);
  if (anchors.some((provider) => crm.has(provider))) await app.jobs.enqueue('links.resolve', {}, { dedupeKey: 'links.resolve' });
  // Files on the changed records (task attachments, invoice attachments) are listed as part of sync.
  await queueDocumentListing(app, recordIds);
}
