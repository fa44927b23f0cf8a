import { type ObjectMapping, toMinorUnits } from '../../src/connector-kit/index.js';
import { asSalesforceRecord, text } from '../../connectors/salesforce/salesforce-record.js';

interface ContactRoles {
  records?: { ContactId?: string | null; IsPrimary?: boolean }[];
}

/** Opportunity → deal. Won is Salesforce's own IsWon (the stage's "Closed/Won" type), so custom stage names need no configuration. */
export const opportunityMapping: ObjectMapping<'deal'> = {
  provider: 'salesforce',
  objectType: 'Opportunity',
  kind: 'deal',
  map(raw, context) {
    const opportunity = asSalesforceRecord(raw, 'Opportunity');
    const amount = opportunity.Amount;
    const currency = (text(opportunity, 'CurrencyIsoCode') ?? context.config.defaultCurrency).toUpperCase();
    const roles = ((opportunity.OpportunityContactRoles as ContactRoles | null)?.records ?? [])
      // The primary contact first: they are the one the business works with.
      .sort((a, b) => Number(Boolean(b.IsPrimary)) - Number(Boolean(a.IsPrimary)));
    const accountId = text(opportunity, 'AccountId');
    const closeDate = text(opportunity, 'CloseDate');
    return {
      name: text(opportunity, 'Name') ?? `Opportunity ${opportunity.Id}`,
      amountMinor: amount == null ? null : toMinorUnits(amount as string | number, currency),
      currency: amount == null ? null : currency,
      pipelineId: null,
      stageId: text(opportunity, 'StageName'),
      stageLabel: text(opportunity, 'StageName'),
      isClosed: opportunity.IsClosed === true,
      isWon: opportunity.IsWon === true,
      closeDate: closeDate ? closeDate.slice(0, 10) : null,
      ownerExternalId: text(opportunity, 'OwnerId'),
      companyExternalIds: accountId ? [accountId] : [],
      contactExternalIds: [...new Set(roles.map((r) => r.ContactId).filter((id): id is string => Boolean(id)))],
    };
  },
};
