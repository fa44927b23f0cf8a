import { type ConnectorContext, type PullPage, type PulledRecord, AuthError } from '../../src/connector-kit/index.js';
import type { HubSpotObject } from './hubspot-object.js';
import { associatedIds } from './hubspot-object.js';
import { callHubSpot } from './call-hubspot.js';
import { toMillis } from './object-types.js';

export const TICKET_EMAIL_PROPERTIES = ['hs_email_text', 'hs_email_direction', 'hs_email_subject', 'hs_email_sender_firstname', 'hs_email_sender_lastname', 'hs_timestamp', 'hs_lastmodifieddate', 'createdate'];

/**
 * The visibility rule for HubSpot (README "Visibility rules"): a ticket's customer-visible thread is
 * its email conversation — what HubSpot's own customer portal shows ("only conversations that are
 * associated with a ticket", knowledge.hubspot.com/inbox/set-up-a-customer-portal). Emails the team
 * sent to the customer (`EMAIL`) and the customer's own (`INCOMING_EMAIL`) are synced; forwarded
 * emails (`FORWARDED_EMAIL`, passed between colleagues), notes, calls and tasks never are: they are
 * not even read.
 */
const VISIBLE_DIRECTIONS = new Set(['EMAIL', 'INCOMING_EMAIL']);
const BATCH = 100;

/** The visible emails of these tickets (their `emails` associations already attached), as records of their own. */
export async function readTicketEmails(ctx: ConnectorContext, tickets: HubSpotObject[]): Promise<PulledRecord[]> {
  const ticketOf = new Map<string, string>();
  for (const ticket of tickets) for (const emailId of associatedIds(ticket, 'emails')) ticketOf.set(emailId, ticket.id);
  const ids = [...ticketOf.keys()];
  const records: PulledRecord[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    let response;
    try {
      response = await callHubSpot(ctx, (client) => client.crm.objects.batchApi.read('emails', { inputs: chunk.map((id) => ({ id })), properties: TICKET_EMAIL_PROPERTIES, propertiesWithHistory: [] }, false));
    } catch (error) {
      // Without `sales-email-read` HubSpot refuses email bodies: the tickets still sync, their threads do not.
      if (error instanceof AuthError && error.status === 403) {
        ctx.logger.warn('HubSpot ticket emails not read: the grant lacks sales-email-read', { error: error.message });
        return records;
      }
      throw error;
    }
    for (const result of response.results) {
      const email = JSON.parse(JSON.stringify(result)) as HubSpotObject;
      if (!VISIBLE_DIRECTIONS.has(String(email.properties.hs_email_direction ?? ''))) continue;
      records.push({
        objectType: 'ticket_emails',
        externalId: email.id,
        updatedAt: toMillis(email.properties.hs_lastmodifieddate) ?? toMillis(email.updatedAt),
        deleted: false,
        raw: { ...email, ticketId: ticketOf.get(email.id) },
      });
    }
  }
  return records;
}

/** Ticket pages with each page's visible emails added after its tickets (applied together). */
export async function* withTicketEmails(ctx: ConnectorContext, pages: AsyncIterable<PullPage>): AsyncGenerator<PullPage> {
  for await (const page of pages) {
    const tickets = page.records.filter((record) => !record.deleted).map((record) => record.raw as HubSpotObject);
    yield { ...page, records: [...page.records, ...(await readTicketEmails(ctx, tickets))] };
  }
}
