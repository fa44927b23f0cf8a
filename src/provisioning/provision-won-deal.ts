import type { AppContext } from '../app/app-context.js';
import { findConnection } from '../store/connections/find-connection.js';
import { findRecordById } from '../store/records/find-record-by-id.js';
import { findProviderRecord } from '../store/records/find-provider-record.js';
import type { Company, Contact } from '../model/unified-model.js';
import { ensureRelatedRecords } from './ensure-related-records.js';
import { provisionClient, type ProvisionOutcome, type ProvisionPlan } from './provision-client.js';
import { findDealProvisioning } from '../store/provisionings/find-deal-provisioning.js';
import { resolveLinks } from '../identity/resolve-links.js';
import { refreshInvoiceMatches } from '../billing/refresh-invoice-matches.js';
import { DEFAULT_BILLING_CONFIG } from '../config/billing-config.js';

export type { ProvisionOutcome } from './provision-client.js';

/**
 * A won deal becomes a client with a portal account for each of its contacts that has an email.
 * Exactly once per deal (see provisionClient): the records the deal points at are fetched first,
 * outside any transaction; the client, users, invitations and the provisionings row are written in
 * one serializable store transaction.
 */
export async function provisionWonDeal(app: AppContext, dealRecordId: number): Promise<ProvisionOutcome | null> {
  const deal = await findRecordById<'deal'>(app.store.db, dealRecordId);
  if (!deal || deal.kind !== 'deal' || deal.deleted || !deal.data.isWon) return null;
  const already = await findDealProvisioning(app.store.db, dealRecordId);
  if (already !== undefined) return { clientId: already, created: false, invitedUserIds: [] };
  const connection = await findConnection(app.store.db, deal.connectionId);
  if (!connection) return null;

  await ensureRelatedRecords(app, connection, {
    company: deal.data.companyExternalIds,
    contact: deal.data.contactExternalIds,
    team_member: deal.data.ownerExternalId ? [deal.data.ownerExternalId] : [],
  });

  const connector = app.connectors.get(connection.provider);
  const companyType = connector.objectTypeForKind.company;
  let company: { id: number; externalId: string; data: Company } | undefined;
  for (const id of companyType ? deal.data.companyExternalIds : []) {
    const record = await findProviderRecord<'company'>(app.store.db, connection.id, companyType!, id);
    if (record && !record.deleted) {
      company = { id: record.id, externalId: record.externalId, data: record.data };
      break;
    }
  }
  const contactType = connector.objectTypeForKind.contact;
  const contacts: ProvisionPlan['contacts'] = [];
  for (const contactId of contactType ? deal.data.contactExternalIds : []) {
    const contact = await findProviderRecord<'contact'>(app.store.db, connection.id, contactType!, contactId);
    if (contact && !contact.deleted) contacts.push({ id: contact.id, contact: contact.data as Contact });
  }

  const outcome = await provisionClient(app, {
    deal: { id: deal.id, workspaceId: deal.workspaceId, connectionId: connection.id, provider: deal.provider, externalId: deal.externalId, data: deal.data },
    company: company ? { id: company.id, externalId: company.externalId, name: company.data.name ?? null } : null,
    contacts,
  });
  if (outcome.created) {
    // A new client makes records already in the cache linkable (its Xero contact, Stripe customer,
    // Asana project): re-evaluate them now, so the portal shows them from the first sign-in; then its
    // invoices are matched across systems. One transaction, after the provisioning one has committed.
    const now = Date.now();
    await app.store.transaction(async (tx) => {
      await resolveLinks(tx, deal.workspaceId, app.config.identity, undefined, now);
      await refreshInvoiceMatches(tx, deal.workspaceId, app.config.billing ?? DEFAULT_BILLING_CONFIG, [outcome.clientId], now);
    }, { isolation: 'serializable' });
    app.logger.info('client provisioned', { dealRecordId, clientId: outcome.clientId, invited: outcome.invitedUserIds.length });
    if (outcome.invitedUserIds.length > 0) await app.jobs.enqueue('mail.deliver', {}, { dedupeKey: 'mail.deliver' });
  }
  return outcome;
}
