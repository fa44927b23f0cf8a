/** A thin webhook event as HubSpot posts it (an array of these per delivery). */
export interface HubSpotWebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  /** e.g. "deal.propertyChange", "deal.creation", "contact.creation". */
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  /** Only on `*.propertyChange` events. */
  propertyName?: string;
  propertyValue?: string;
  /** Only on `*.creation` / `*.deletion` events. */
  changeFlag?: string;
  sourceId?: string;
}

// Stable per subscription type, as a real app has one subscription per type.
const SUBSCRIPTION_IDS: Record<string, number> = {
  'contact.creation': 234567,
  'contact.propertyChange': 234568,
  'company.creation': 234569,
  'company.propertyChange': 234570,
  'deal.creation': 234571,
  'deal.propertyChange': 234572,
  'ticket.creation': 234573,
  'ticket.propertyChange': 234574,
  'ticket.deletion': 234575,
};

export function subscriptionIdFor(subscriptionType: string): number {
  return SUBSCRIPTION_IDS[subscriptionType] ?? 234599;
}
