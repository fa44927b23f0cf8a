import { type MappingContext, type ObjectMapping, toMinorUnits } from '../../src/connector-kit/index.js';
import { asHubSpotObject, associatedIds, isoDay, prop } from '../../connectors/hubspot/hubspot-object.js';
import { hubspotSettings } from '../../connectors/hubspot/settings.js';

export const DEAL_PROPERTIES = [
  'dealname',
  'amount',
  'deal_currency_code',
  'dealstage',
  'pipeline',
  'closedate',
  'hubspot_owner_id',
  'hs_is_closed',
  'hs_is_closed_won',
  'hs_lastmodifieddate',
  'createdate',
];

/** Stage facts from GET /crm/v3/pipelines/deals, kept per connection as metadata "dealStages". */
export interface DealStage {
  pipelineId: string;
  label: string;
  isClosed: boolean;
  /** HubSpot marks won stages with probability 1.0; custom pipelines use numeric stage ids, never "closedwon". */
  isWon: boolean;
}
export type DealStages = Record<string, DealStage>;

export const DEAL_STAGES_METADATA_KEY = 'dealStages';

export function stageOutcome(stageId: string | null, stages: DealStages | undefined, context: MappingContext, fallback: { closed: string | null; won: string | null }) {
  const override = hubspotSettings.read(context.config).closedWonStages;
  const stage = stageId ? stages?.[stageId] : undefined;
  const isWon = override ? stageId != null && override.includes(stageId) : stage ? stage.isWon : fallback.won === 'true';
  const isClosed = isWon || (stage ? stage.isClosed : fallback.closed === 'true');
  return { isWon, isClosed, label: stage?.label ?? null };
}

export const dealMapping: ObjectMapping<'deal'> = {
  provider: 'hubspot',
  objectType: 'deals',
  kind: 'deal',
  map(raw, context) {
    const deal = asHubSpotObject(raw);
    const stageId = prop(deal, 'dealstage');
    const stages = context.metadata.get<{ stages: DealStages }>(DEAL_STAGES_METADATA_KEY)?.stages;
    const outcome = stageOutcome(stageId, stages, context, { closed: prop(deal, 'hs_is_closed'), won: prop(deal, 'hs_is_closed_won') });
    const amount = prop(deal, 'amount');
    const currency = (prop(deal, 'deal_currency_code') ?? context.config.defaultCurrency).toUpperCase();
    return {
      name: prop(deal, 'dealname') ?? `Deal ${deal.id}`,
      amountMinor: amount == null ? null : toMinorUnits(amount, currency),
      currency: amount == null ? null : currency,
      pipelineId: prop(deal, 'pipeline'),
      stageId,
      stageLabel: outcome.label,
      isClosed: outcome.isClosed,
      isWon: outcome.isWon,
      closeDate: isoDay(prop(deal, 'closedate')),
      ownerExternalId: prop(deal, 'hubspot_owner_id'),
      companyExternalIds: associatedIds(deal, 'companies'),
      contactExternalIds: associatedIds(deal, 'contacts'),
    };
  },
};
