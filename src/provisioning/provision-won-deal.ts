import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { getConnection } from '../connections/connection-repository.js';
import { findRecordById } from '../store/records/find-record-by-id.js';
import { findProviderRecord } from '../store/records/find-provider-record.js';
import type { Company, Contact, Deal, StoredRecord } from '../model/unified-model.js';
import { writeAudit } from '../audit/write-audit.js';
import { ensureRelatedRecords } from './ensure-related-records.js';
import { inviteContact } from './invite-contact.js';
import { resolveLinks } from '../identity/resolve-links.js';
import { refreshInvoiceMatches } from '../billing/refresh-invoice-matches.js';
import { DEFAULT_BILLING_CONFIG } from '../config/billing-config.js';

export interface ProvisionOutcome {
  clientId: number;
  /** False when this deal had already provisioned its client (replay, duplicate webhook, racing poll). */
  created: boolean;
  invitedUserIds: number[];
}

/**
 * A won deal becomes a client with a portal account for each of its contacts that has an email.
 * Exactly once per deal: the provisionings row (unique per deal) is written in the same
 * IMMEDIATE transaction as the client, users and invitations, so a racing process that
 * gets there second sees it and creates nothing.
 */
export async function provisionWonDeal(app: AppContext, dealRecordId: number): Promise<ProvisionOutcome | null> {
  const deal = await findRecordById<'deal'>(app.store.db, dealRecordId);
  if (!deal || deal.kind !== 'deal' || deal.deleted || !deal.data.isWon) return null;
  const already = existingProvisioning(app, dealRecordId);
  if (already) return { clientId: already, created: false, invitedUserIds: [] };
  const connection = getConnection(app.db, deal.connectionId);
  if (!connection) return null;

  await ensureRelatedRecords(app, connection, {
    company: deal.data.companyExternalIds,
    contact: deal.data.contactExternalIds,
    team_member: deal.data.ownerExternalId ? [deal.data.ownerExternalId] : [],
  });

  const connector = app.connectors.get(connection.provider);
  // TRANSITIONAL (issue 15): the records are on the store while this transaction is still on the
  // SQLite handle, so its company and contacts are read just before it.
  const companyType = connector.objectTypeForKind.company;
  const companies: (StoredRecord<'company'> | undefined)[] = [];
  for (const id of companyType ? deal.data.companyExternalIds : []) companies.push(await findProviderRecord<'company'>(app.store.db, connection.id, companyType!, id));
  const contactType = connector.objectTypeForKind.contact;
  const contacts = new Map<string, StoredRecord<'contact'> | undefined>();
  for (const id of contactType ? deal.data.contactExternalIds : []) contacts.set(id, await findProviderRecord<'contact'>(app.store.db, connection.id, contactType!, id));
  const outcome = writeTransaction(app.db, (): ProvisionOutcome => {
    const raced = existingProvisioning(app, dealRecordId);
    if (raced) return { clientId: raced, created: false, invitedUserIds: [] };
    const now = Date.now();
    const data: Deal = deal.data;
    const company = companies.find((record) => record && !record.deleted);

    let clientId = company
      ? (app.db.prepare('SELECT client_id FROM client_sources WHERE record_id = ?').get(company.id) as { client_id: number } | undefined)?.client_id
      : undefined;
    const newClient = clientId === undefined;
    if (clientId === undefined) {
      const name = (company?.data as Company | undefined)?.name ?? data.name;
      clientId = (
        app.db
          .prepare(`INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`)
          .get(deal.workspaceId, name, now, now) as { id: number }
      ).id;
      if (company) {
        app.db
          .prepare(`INSERT INTO client_sources (client_id, record_id, how, created_at) VALUES (?, ?, 'provisioned_from_won_deal', ?)`)
          .run(clientId, company.id, now);
      }
      writeAudit(app.db, {
        workspaceId: deal.workspaceId,
        actorType: 'system',
        action: 'client.provisioned',
        subjectType: 'client',
        subjectId: clientId,
        clientId,
        details: { provider: deal.provider, dealExternalId: deal.externalId, dealName: data.name, companyExternalId: company?.externalId ?? null },
      }, now);
    }
    app.db.prepare('UPDATE records SET client_id = ? WHERE id = ?').run(clientId, deal.id);
    if (company) {
      app.db.prepare('UPDATE records SET client_id = ? WHERE id = ?').run(clientId, company.id);
      // Everything else in the cache that already points at this company belongs to the client too.
      app.db
        .prepare(
          `UPDATE records SET client_id = ? WHERE connection_id = ? AND client_id IS NULL AND kind IN ('contact', 'deal')
             AND EXISTS (SELECT 1 FROM record_refs x WHERE x.record_id = records.id AND x.ref_kind = 'company' AND x.external_id = ?)`,
        )
        .run(clientId, connection.id, company.externalId);
    }

    const invitedUserIds: number[] = [];
    for (const contactId of contactType ? data.contactExternalIds : []) {
      const contact = contacts.get(contactId);
      if (!contact || contact.deleted) continue;
      app.db.prepare('UPDATE records SET client_id = ? WHERE id = ? AND client_id IS NULL').run(clientId, contact.id);
      const invited = inviteContact(app, { clientId, workspaceId: deal.workspaceId, contactRecordId: contact.id, contact: contact.data as Contact, now });
      if (invited !== null) invitedUserIds.push(invited);
    }
    app.db
      .prepare(`INSERT INTO provisionings (workspace_id, deal_record_id, client_id, created_at) VALUES (?, ?, ?, ?)`)
      .run(deal.workspaceId, deal.id, clientId, now);
    if (!newClient) {
      writeAudit(app.db, {
        workspaceId: deal.workspaceId,
        actorType: 'system',
        action: 'client.deal_won',
        subjectType: 'record',
        subjectId: deal.id,
        clientId,
        details: { provider: deal.provider, dealExternalId: deal.externalId },
      }, now);
    }
    return { clientId, created: true, invitedUserIds };
  });

  if (outcome.created) {
    // A new client makes records already in the cache linkable (its Xero contact, Stripe customer,
    // Asana project): re-evaluate them now, so the portal shows them from the first sign-in.
    // TRANSITIONAL (issue 15): right after the provisioning transaction (still on the SQLite
    // handle), until provisioning is on the store and this joins it.
    const now = Date.now();
    await app.store.transaction((tx) => resolveLinks(tx, deal.workspaceId, app.config.identity, undefined, now), { isolation: 'serializable' });
    writeTransaction(app.db, () => refreshInvoiceMatches(app.db, deal.workspaceId, app.config.billing ?? DEFAULT_BILLING_CONFIG, [outcome.clientId], now));
    app.logger.info('client provisioned', { dealRecordId, clientId: outcome.clientId, invited: outcome.invitedUserIds.length });
    if (outcome.invitedUserIds.length > 0) await app.jobs.enqueue('mail.deliver', {}, { dedupeKey: 'mail.deliver' });
  }
  return outcome;
}

function existingProvisioning(app: AppContext, dealRecordId: number): number | undefined {
  const row = app.db.prepare('SELECT client_id FROM provisionings WHERE deal_record_id = ?').get(dealRecordId) as
    | { client_id: number }
    | undefined;
  return row?.client_id;
}
