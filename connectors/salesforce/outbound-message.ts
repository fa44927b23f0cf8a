import { parseString, processors } from 'xml2js';
import type { AppConfig, RawWebhookRequest, WebhookEvent, WebhookParse, WebhookReply, WebhookVerification } from '../../src/connector-kit/index.js';
import { salesforceSettings } from './settings.js';

/**
 * Salesforce Outbound Messages: a workflow/flow action POSTs a SOAP envelope of
 * <notifications> naming the changed records. There is no signature; what proves the
 * sender is the OrganizationId, checked against the connected org (SALESFORCE_ORG_ID),
 * plus the unguessable endpoint behind TLS. Salesforce retries until it gets a SOAP Ack.
 */
interface ParsedNotifications {
  organizationId: string;
  notifications: { id: string; objectType: string; recordId: string }[];
}

type XmlNode = Record<string, unknown>;

function first(node: unknown, key: string): unknown {
  const value = (node as XmlNode | undefined)?.[key];
  return Array.isArray(value) ? value[0] : value;
}

function textOf(node: unknown): string | null {
  if (node == null) return null;
  if (typeof node === 'string') return node.trim() || null;
  const inner = (node as XmlNode)._;
  return typeof inner === 'string' ? inner.trim() || null : null;
}

/** Parses the envelope synchronously (xml2js calls back at once unless told to be async). */
export function parseOutboundMessage(body: Buffer): ParsedNotifications | string {
  let document: unknown;
  let failure: string | null = null;
  parseString(body.toString('utf8'), { tagNameProcessors: [processors.stripPrefix], attrNameProcessors: [processors.stripPrefix], explicitArray: true }, (error, result) => {
    if (error) failure = `body is not well-formed XML (${error.message.split('\n')[0]})`;
    document = result;
  });
  if (failure) return failure;
  const notifications = first(first(first(document, 'Envelope'), 'Body'), 'notifications');
  if (!notifications) return 'not a Salesforce outbound message: no soapenv:Body/notifications element';
  const organizationId = textOf(first(notifications, 'OrganizationId'));
  if (!organizationId) return 'outbound message has no OrganizationId';
  const items = ((notifications as XmlNode).Notification as unknown[] | undefined) ?? [];
  const parsed: ParsedNotifications['notifications'] = [];
  for (const [index, item] of items.entries()) {
    const id = textOf(first(item, 'Id'));
    const sObject = first(item, 'sObject') as XmlNode | undefined;
    const type = (sObject?.$ as Record<string, string> | undefined)?.type?.replace(/^.*:/, '');
    const recordId = textOf(first(sObject, 'Id'));
    if (!id || !type || !recordId) return `notification ${index} lacks its Id, sObject type or record Id`;
    parsed.push({ id, objectType: type, recordId });
  }
  return { organizationId, notifications: parsed };
}

/** Org ids come in 15- and 18-character forms; the first 15 characters identify the org. */
function sameOrg(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

export function verifyOutboundMessage(request: RawWebhookRequest, config: AppConfig): WebhookVerification {
  const expected = salesforceSettings.read(config).orgId;
  if (!expected) return { ok: false, reason: 'SALESFORCE_ORG_ID is not configured, so outbound messages cannot be checked' };
  const parsed = parseOutboundMessage(request.rawBody);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  if (!sameOrg(parsed.organizationId, expected)) {
    return { ok: false, reason: `outbound message from org ${parsed.organizationId}, which is not the connected org` };
  }
  return { ok: true };
}

export function parseOutboundWebhook(request: RawWebhookRequest): WebhookParse {
  const parsed = parseOutboundMessage(request.rawBody);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  const events: WebhookEvent[] = parsed.notifications.map((n) => ({
    eventId: n.id,
    objectType: n.objectType,
    externalId: n.recordId,
    occurredAt: null,
    action: 'changed',
    accountId: parsed.organizationId.slice(0, 15),
    raw: n,
  }));
  return { ok: true, events };
}

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

export const outboundMessageReplies = {
  accepted(): WebhookReply {
    return {
      contentType: 'text/xml; charset=utf-8',
      body: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>`,
    };
  },
  rejected(reason: string): WebhookReply {
    const escaped = reason.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
    return {
      contentType: 'text/xml; charset=utf-8',
      // SOAP 1.1 faults travel with HTTP 500; Salesforce then retries and shows the fault in its delivery status.
      status: 500,
      body: `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${escaped}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
    };
  },
};
