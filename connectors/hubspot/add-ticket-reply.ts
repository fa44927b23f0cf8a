import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import type { AddRequestMessageInput, ConnectorContext, WriteOperation, WriteResult } from '../../src/connector-kit/index.js';
import type { HubSpotObject } from './hubspot-object.js';
import { associatedIds } from './hubspot-object.js';
import { callHubSpot } from './call-hubspot.js';
import { attributionLine } from './attribution.js';
import { replyMarker } from '../../src/connector-kit/index.js';

// HubSpot-defined association type email → ticket.
const EMAIL_TO_TICKET = 223;
const HUBSPOT_DEFINED = 'HUBSPOT_DEFINED' as AssociationSpecAssociationCategoryEnum;

/**
 * The email on the ticket that an earlier attempt logged for this key: the ticket's own emails are
 * read (associations, then the emails themselves — current state, not the search index) and the one
 * whose text carries the marker line is it. Emails have no unique property the hub could set.
 */
async function findReply(ctx: ConnectorContext, input: AddRequestMessageInput): Promise<WriteResult | null> {
  const ticket = JSON.parse(JSON.stringify(await callHubSpot(ctx, (client) => client.crm.tickets.basicApi.getById(input.requestExternalId, ['subject'], undefined, ['emails'])))) as HubSpotObject;
  const ids = associatedIds(ticket, 'emails');
  if (ids.length === 0) return null;
  const marker = replyMarker(input.key);
  const emails = await callHubSpot(ctx, (client) => client.crm.objects.batchApi.read('emails', { inputs: ids.map((id) => ({ id })), properties: ['hs_email_text'], propertiesWithHistory: [] }, false));
  const found = emails.results.find((email) => String(email.properties.hs_email_text ?? '').includes(marker));
  return found ? { objectType: 'ticket_emails', externalId: found.id, syncObject: { objectType: 'tickets', externalId: input.requestExternalId } } : null;
}

/**
 * The client's reply, logged on the ticket as an incoming email (what a reply through HubSpot's own
 * customer portal or by email is): part of the ticket's conversation, so the team sees it where they
 * answer, and the visibility rule shows it back to the client.
 */
async function logReply(ctx: ConnectorContext, input: AddRequestMessageInput): Promise<WriteResult> {
  const email = await callHubSpot(ctx, (client) =>
    client.crm.objects.basicApi.create('emails', {
      properties: {
        hs_timestamp: new Date().toISOString(),
        hs_email_direction: 'INCOMING_EMAIL',
        hs_email_text: `${input.body}\n\n${attributionLine(input)}\n${replyMarker(input.key)}`,
        ...(input.authorEmail ? { hs_email_sender_email: input.authorEmail } : {}),
        hs_email_sender_firstname: input.authorName,
      },
      associations: [{ to: { id: input.requestExternalId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: EMAIL_TO_TICKET }] }],
    }),
  );
  return { objectType: 'ticket_emails', externalId: email.id, syncObject: { objectType: 'tickets', externalId: input.requestExternalId } };
}

export const addRequestMessageWrite: WriteOperation<AddRequestMessageInput> = {
  scopes: ['tickets', 'sales-email-read'],
  findExisting: findReply,
  perform: logReply,
};
