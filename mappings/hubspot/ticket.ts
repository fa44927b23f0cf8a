import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asHubSpotObject, associatedIds, prop } from '../../connectors/hubspot/hubspot-object.js';
import { withoutReplyMarker } from '../../src/connector-kit/index.js';

export const TICKET_PROPERTIES = ['subject', 'content', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_category', 'createdate', 'hs_lastmodifieddate', 'closed_date', 'clienthub_action_key'];

/** Stage facts from GET /crm/v3/pipelines/tickets, kept per connection as metadata "ticketStages". */
export interface TicketStage {
  pipelineLabel: string;
  label: string;
  isClosed: boolean;
}
export const TICKET_STAGES_METADATA_KEY = 'ticketStages';

function isoMoment(value: string | null): string | null {
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A HubSpot ticket as a client request: the stage's own label, its pipeline, company and contacts. */
export const ticketMapping: ObjectMapping<'request'> = {
  provider: 'hubspot',
  objectType: 'tickets',
  kind: 'request',
  map(raw, context) {
    const ticket = asHubSpotObject(raw);
    const stageId = prop(ticket, 'hs_pipeline_stage');
    const stage = stageId ? context.metadata.get<{ stages: Record<string, TicketStage> }>(TICKET_STAGES_METADATA_KEY)?.stages[stageId] : undefined;
    return {
      subject: prop(ticket, 'subject') ?? `Ticket ${ticket.id}`,
      description: prop(ticket, 'content'),
      statusLabel: stage?.label ?? null,
      isClosed: stage ? stage.isClosed : prop(ticket, 'closed_date') !== null,
      pipeline: stage?.pipelineLabel ?? prop(ticket, 'hs_pipeline'),
      number: ticket.id,
      openedAt: isoMoment(prop(ticket, 'createdate')),
      updatedAt: isoMoment(prop(ticket, 'hs_lastmodifieddate')),
      companyExternalIds: associatedIds(ticket, 'companies'),
      contactExternalIds: associatedIds(ticket, 'contacts'),
      actionKey: prop(ticket, 'clienthub_action_key'),
    };
  },
};

/** A message of a ticket's visible thread: only emails (see connectors/hubspot/ticket-emails.ts for the rule). */
export const ticketEmailMapping: ObjectMapping<'request_message'> = {
  provider: 'hubspot',
  objectType: 'ticket_emails',
  kind: 'request_message',
  map(raw) {
    const email = asHubSpotObject(raw);
    const ticketId = (raw as { ticketId?: unknown }).ticketId;
    if (typeof ticketId !== 'string') throw new Error('ticket email without its ticket id');
    const fromClient = prop(email, 'hs_email_direction') === 'INCOMING_EMAIL';
    const name = [prop(email, 'hs_email_sender_firstname'), prop(email, 'hs_email_sender_lastname')].filter(Boolean).join(' ');
    return {
      requestExternalId: ticketId,
      body: withoutReplyMarker(prop(email, 'hs_email_text') ?? ''),
      authorName: name || null,
      fromClient,
      postedAt: isoMoment(prop(email, 'hs_timestamp')) ?? isoMoment(prop(email, 'createdate')),
    };
  },
};
