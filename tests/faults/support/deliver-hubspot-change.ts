/**
 * A change made in the HubSpot emulator and announced to the hub the way HubSpot does: a thin
 * event, signed with v3 over the hub's public URL, posted to its socket. Every delivery is bounded
 * (it must be acknowledged within `timeoutMs`) and timed, so a test can assert the acknowledgement.
 */
import type { HubSpotEmulator } from '../../../connectors/hubspot/emulator/start-hubspot-emulator.js';
import type { HubSpotWebhookEvent } from '../../../connectors/hubspot/emulator/webhook-events.js';
import { signWebhookV3 } from '../../../connectors/hubspot/emulator/sign-webhook.js';
import { HUBSPOT_APP_SECRET } from './start-fault-world.js';

export interface Delivery {
  /** HTTP status, or null when no answer came within the bound (`error` says what happened). */
  status: number | null;
  ms: number;
  body: string;
  error?: string;
}

/** POSTs these events to `<hubUrl>/webhooks/hubspot`, signed as HubSpot signs them. */
export async function deliverHubSpotEvents(hubUrl: string, events: readonly HubSpotWebhookEvent[], timeoutMs = 10_000): Promise<Delivery> {
  const body = JSON.stringify(events);
  const timestamp = Date.now();
  // The hub's PUBLIC_URL is its own address in the fault suite, so the signed URL is the one posted to.
  const url = `${hubUrl}/webhooks/hubspot`;
  const started = Date.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': signWebhookV3({ clientSecret: HUBSPOT_APP_SECRET, method: 'POST', uri: url, body, timestamp }),
        'x-hubspot-request-timestamp': String(timestamp),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text(), ms: Date.now() - started };
  } catch (error) {
    return { status: null, body: '', ms: Date.now() - started, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Renames one company in the emulator and returns the property-change event HubSpot would send. */
export function renameCompany(emulator: HubSpotEmulator, companyId: string, name: string): HubSpotWebhookEvent {
  emulator.store.update('companies', companyId, { name });
  return emulator.store.propertyChangeEvent('companies', companyId, 'name');
}

/** The ids of the emulator's companies, oldest first. */
export function companyIds(emulator: HubSpotEmulator): string[] {
  return [...emulator.store.all('companies')].map((c) => c.id);
}
