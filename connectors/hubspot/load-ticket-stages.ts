import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { AuthError } from '../../src/connector-kit/index.js';
import { TICKET_STAGES_METADATA_KEY, type TicketStage } from '../../mappings/hubspot/ticket.js';
import { callHubSpot } from './call-hubspot.js';

const MAX_AGE_MS = 10 * 60_000;

/**
 * Ticket stage labels and which stages are closed, from the ticket pipelines. A grant without the
 * `tickets` scope cannot read them: requests are then off for this connection, the rest syncs.
 */
export async function loadTicketStages(ctx: ConnectorContext): Promise<void> {
  const cached = ctx.metadata.get<{ fetchedAt: number }>(TICKET_STAGES_METADATA_KEY);
  if (cached && Date.now() - cached.fetchedAt < MAX_AGE_MS) return;
  let response;
  try {
    response = await callHubSpot(ctx, (client) => client.crm.pipelines.pipelinesApi.getAll('tickets'));
  } catch (error) {
    if (error instanceof AuthError && error.status === 403) return;
    throw error;
  }
  const stages: Record<string, TicketStage> = {};
  for (const pipeline of response.results) {
    for (const stage of pipeline.stages) {
      stages[stage.id] = { pipelineLabel: pipeline.label, label: stage.label, isClosed: (stage.metadata as Record<string, string | undefined> | undefined)?.isClosed === 'true' };
    }
  }
  ctx.metadata.set(TICKET_STAGES_METADATA_KEY, { fetchedAt: Date.now(), stages });
}
