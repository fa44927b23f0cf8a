import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { DEAL_STAGES_METADATA_KEY, type DealStages } from '../../mappings/hubspot/deal.js';
import { callHubSpot } from './call-hubspot.js';

const MAX_AGE_MS = 10 * 60_000;

/**
 * Which stages are closed and won comes from HubSpot's pipeline metadata, not from stage
 * names: custom pipelines have numeric stage ids, and "won" is probability 1.0 on a closed stage.
 */
export async function loadDealStages(ctx: ConnectorContext, force = false): Promise<void> {
  const cached = ctx.metadata.get<{ fetchedAt: number; stages: DealStages }>(DEAL_STAGES_METADATA_KEY);
  if (!force && cached && Date.now() - cached.fetchedAt < MAX_AGE_MS) return;
  const response = await callHubSpot(ctx, (client) => client.crm.pipelines.pipelinesApi.getAll('deals'));
  const stages: DealStages = {};
  for (const pipeline of response.results) {
    for (const stage of pipeline.stages) {
      const metadata = (stage.metadata ?? {}) as Record<string, string | undefined>;
      const isClosed = metadata.isClosed === 'true';
      stages[stage.id] = { pipelineId: pipeline.id, label: stage.label, isClosed, isWon: isClosed && Number(metadata.probability) === 1 };
    }
  }
  ctx.metadata.set(DEAL_STAGES_METADATA_KEY, { fetchedAt: Date.now(), stages });
}
