import type { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/tickets/index.js';
import type { ConnectorContext, CreateRequestInput, WriteOperation, WriteResult } from '../../src/connector-kit/index.js';
import { ProviderError } from '../../src/connector-kit/index.js';
import { callHubSpot } from './call-hubspot.js';
import { hubspotSettings } from './settings.js';
import { attributionLine } from './attribution.js';

/**
 * The hidden ticket property the hub writes each portal action's key into. HubSpot has no
 * idempotency key on creates, so this is the marker: it has unique values (HubSpot refuses a
 * second ticket with the same key, 409) and a ticket is read by it directly (`idProperty`), not
 * through the search index, which lags writes by seconds.
 */
export const ACTION_KEY_PROPERTY = 'clienthub_action_key';
const MARKER_READY = 'tickets.actionKeyProperty';

// HubSpot-defined association types (ticket → contact 16, ticket → company, primary, 26).
const TICKET_TO_CONTACT = 16;
const TICKET_TO_PRIMARY_COMPANY = 26;
const HUBSPOT_DEFINED = 'HUBSPOT_DEFINED' as AssociationSpecAssociationCategoryEnum;

/** The portal's categories as HubSpot's own `hs_ticket_category` options. */
const CATEGORY: Record<string, string> = { question: 'GENERAL_INQUIRY', billing: 'BILLING_ISSUE', problem: 'PRODUCT_ISSUE', feature: 'FEATURE_REQUEST' };

/** Defines the marker property once per connection (it survives reconnects; a 409 means another process won). */
async function ensureMarkerProperty(ctx: ConnectorContext): Promise<void> {
  if (ctx.metadata.get<boolean>(MARKER_READY)) return;
  try {
    await callHubSpot(ctx, (client) => client.crm.properties.coreApi.getByName('tickets', ACTION_KEY_PROPERTY));
  } catch (error) {
    if (!(error instanceof ProviderError) || error.status !== 404) throw error;
    try {
      await callHubSpot(ctx, (client) =>
        client.crm.properties.coreApi.create('tickets', {
          name: ACTION_KEY_PROPERTY,
          label: 'ClientHub action key',
          description: 'Set by ClientHub on tickets opened from the client portal, so a retried request is never created twice.',
          groupName: 'ticketinformation',
          type: 'string' as PropertyCreateTypeEnum,
          fieldType: 'text' as PropertyCreateFieldTypeEnum,
          hasUniqueValue: true,
          hidden: true,
          formField: false,
        }),
      );
    } catch (createError) {
      if (!(createError instanceof ProviderError) || createError.status !== 409) throw createError;
    }
  }
  ctx.metadata.set(MARKER_READY, true);
}

/** The ticket an earlier attempt created for this key, read by the unique marker property. */
async function findTicketByKey(ctx: ConnectorContext, input: CreateRequestInput): Promise<WriteResult | null> {
  await ensureMarkerProperty(ctx);
  try {
    const ticket = await callHubSpot(ctx, (client) => client.crm.tickets.basicApi.getById(input.key, ['subject'], undefined, undefined, false, ACTION_KEY_PROPERTY));
    return { objectType: 'tickets', externalId: ticket.id };
  } catch (error) {
    if (error instanceof ProviderError && error.status === 404) return null;
    throw error;
  }
}

async function createTicket(ctx: ConnectorContext, input: CreateRequestInput): Promise<WriteResult> {
  await ensureMarkerProperty(ctx);
  const { ticketPipeline, ticketStage } = hubspotSettings.read(ctx.config);
  const associations = [
    ...(input.companyExternalId ? [{ to: { id: input.companyExternalId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: TICKET_TO_PRIMARY_COMPANY }] }] : []),
    ...(input.contactExternalId ? [{ to: { id: input.contactExternalId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: TICKET_TO_CONTACT }] }] : []),
  ];
  const properties: Record<string, string> = {
    subject: input.subject,
    content: `${input.description}\n\n${attributionLine(input)}`,
    hs_pipeline: ticketPipeline,
    hs_pipeline_stage: ticketStage,
    [ACTION_KEY_PROPERTY]: input.key,
  };
  const category = input.category ? CATEGORY[input.category] : undefined;
  if (category) properties.hs_ticket_category = category;
  try {
    const ticket = await callHubSpot(ctx, (client) => client.crm.tickets.basicApi.create({ properties, associations }));
    return { objectType: 'tickets', externalId: ticket.id };
  } catch (error) {
    // The unique marker refused a second ticket: the first one exists (an answer lost on the way back).
    if (error instanceof ProviderError && error.status === 409) {
      const existing = await findTicketByKey(ctx, input);
      if (existing) return existing;
    }
    throw error;
  }
}

/** createRequest for HubSpot: a ticket in the configured pipeline, associated with the client's company and contact. */
export const createRequestWrite: WriteOperation<CreateRequestInput> = {
  scopes: ['tickets'],
  findExisting: findTicketByKey,
  perform: createTicket,
};
