import { toMinorUnits, type ObjectMapping } from '../../src/connector-kit/index.js';
import { asPipedriveObject, text, type PipedriveDeal } from '../../connectors/pipedrive/pipedrive-records.js';

/** A Pipedrive date or time as an ISO day. */
function isoDay(value: string | null | undefined): string | null {
  const day = text(value)?.slice(0, 10) ?? null;
  return day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null;
}

/**
 * Deal (v2) → deal. Won is Pipedrive's own `status: won` (set when a deal is marked won, whatever
 * its pipeline or stage), so no stage configuration is needed; a won deal provisions its client.
 */
export const dealMapping: ObjectMapping<'deal'> = {
  provider: 'pipedrive',
  objectType: 'deals',
  kind: 'deal',
  map(raw, context) {
    const deal = asPipedriveObject<PipedriveDeal>(raw, 'deal');
    const isWon = deal.status === 'won';
    const isClosed = isWon || deal.status === 'lost';
    const currency = (text(deal.currency) ?? context.config.defaultCurrency).toUpperCase();
    const value = typeof deal.value === 'number' && Number.isFinite(deal.value) ? deal.value : null;
    const contacts = new Set<string>();
    if (deal.person_id != null) contacts.add(String(deal.person_id));
    for (const id of deal.participant_person_ids ?? []) contacts.add(String(id));
    return {
      name: text(deal.title) ?? `Deal ${deal.id}`,
      amountMinor: value == null ? null : toMinorUnits(value, currency),
      currency: value == null ? null : currency,
      pipelineId: deal.pipeline_id == null ? null : String(deal.pipeline_id),
      stageId: deal.stage_id == null ? null : String(deal.stage_id),
      stageLabel: null,
      isClosed,
      isWon,
      closeDate: isoDay(isWon ? deal.won_time : isClosed ? deal.close_time : deal.expected_close_date),
      ownerExternalId: deal.owner_id == null ? null : String(deal.owner_id),
      companyExternalIds: deal.org_id == null ? [] : [String(deal.org_id)],
      contactExternalIds: [...contacts],
    };
  },
};
