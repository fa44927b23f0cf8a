import type { AppContext } from '../app/app-context.js';
import type { Contact, Deal } from '../model/unified-model.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findDealProvisioning } from '../store/provisionings/find-deal-provisioning.js';
import { insertProvisioning } from '../store/provisionings/insert-provisioning.js';
import { findSourceClient } from '../store/clients/find-source-client.js';
import { insertClient } from '../store/clients/insert-client.js';
import { insertClientSource } from '../store/clients/insert-client-source.js';
import { updateRecordsClient } from '../store/records/update-records-client.js';
import { updateCompanyRecordsClient } from '../store/records/update-company-records-client.js';
import { inviteContact } from './invite-contact.js';

export interface ProvisionOutcome {
  clientId: number;
  /** False when this deal had already provisioned its client (replay, duplicate webhook, racing poll). */
  created: boolean;
  invitedUserIds: number[];
}

/** What a won deal provisions from: the deal, its live CRM company (if any) and its live contacts, read from the cache. */
export interface ProvisionPlan {
  deal: { id: number; workspaceId: number; connectionId: number; provider: string; externalId: string; data: Deal };
  company: { id: number; externalId: string; name: string | null } | null;
  contacts: { id: number; contact: Contact }[];
}

/**
 * The client, its portal accounts and invitations for a won deal, in one serializable store
 * transaction. Exactly once per deal across processes and machines: the provisionings row (unique per
 * deal) is written in the same transaction, so a racing transaction either waits (SQLite's BEGIN
 * IMMEDIATE) or is aborted and retried by the store (PostgreSQL), and then finds the row and creates
 * nothing. Never awaits a provider: the caller fetched what the deal points at first.
 */
export async function provisionClient(app: Pick<AppContext, 'store' | 'config' | 'keyring'>, plan: ProvisionPlan): Promise<ProvisionOutcome> {
  const { deal, company } = plan;
  return app.store.transaction(async (tx): Promise<ProvisionOutcome> => {
    const raced = await findDealProvisioning(tx, deal.id);
    if (raced !== undefined) return { clientId: raced, created: false, invitedUserIds: [] };
    const now = Date.now();

    let clientId = company ? await findSourceClient(tx, company.id) : undefined;
    const newClient = clientId === undefined;
    if (clientId === undefined) {
      clientId = await insertClient(tx, { workspaceId: deal.workspaceId, name: company?.name ?? deal.data.name }, now);
      if (company) await insertClientSource(tx, { clientId, recordId: company.id, how: 'provisioned_from_won_deal' }, now);
      await insertAuditEntry(tx, {
        workspaceId: deal.workspaceId,
        actorType: 'system',
        action: 'client.provisioned',
        subjectType: 'client',
        subjectId: clientId,
        clientId,
        details: { provider: deal.provider, dealExternalId: deal.externalId, dealName: deal.data.name, companyExternalId: company?.externalId ?? null },
      }, now);
    }
    await updateRecordsClient(tx, [deal.id], clientId);
    if (company) {
      await updateRecordsClient(tx, [company.id], clientId);
      // Everything else in the cache that already points at this company belongs to the client too.
      await updateCompanyRecordsClient(tx, { connectionId: deal.connectionId, companyExternalId: company.externalId }, clientId);
    }

    const invitedUserIds: number[] = [];
    for (const { id, contact } of plan.contacts) {
      await updateRecordsClient(tx, [id], clientId, { onlyUnowned: true });
      const invited = await inviteContact(app, tx, { clientId, workspaceId: deal.workspaceId, contactRecordId: id, contact, now });
      if (invited !== null) invitedUserIds.push(invited);
    }
    await insertProvisioning(tx, { workspaceId: deal.workspaceId, dealRecordId: deal.id, clientId }, now);
    if (!newClient) {
      await insertAuditEntry(tx, {
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
  }, { isolation: 'serializable' });
}
