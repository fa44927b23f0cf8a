import type { AppConfig, ObjectMapping } from '../../src/connector-kit/index.js';
import { hubspotSettings } from '../../connectors/hubspot/settings.js';
import { toMinorUnits } from '../../src/connector-kit/index.js';
import { asHubSpotObject, associatedIds, isoDay, prop } from '../../connectors/hubspot/hubspot-object.js';

/** HubSpot's quote properties (CRM quotes API): state, e-signature, amount, expiry and the hosted page. */
export const QUOTE_PROPERTIES = [
  'hs_title',
  'hs_status',
  'hs_sign_status',
  'hs_esign_enabled',
  'hs_quote_amount',
  'hs_currency',
  'hs_expiration_date',
  'hs_quote_link',
  'hs_lastmodifieddate',
  'hs_createdate',
];

/**
 * A link the portal may offer: an https URL, or plain http only on the HubSpot origin the workspace
 * configured (HUBSPOT_BASE_URL: the local emulator in tests and the demo); anything else, none (the
 * portal then shows no button).
 */
function offeredLink(value: string | null, config: AppConfig): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return url.toString();
    return url.protocol === 'http:' && url.origin === new URL(hubspotSettings.read(config).baseUrl).origin ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A HubSpot quote with the deals it is associated with (the client comes from those deals). */
export const quoteMapping: ObjectMapping<'quote'> = {
  provider: 'hubspot',
  objectType: 'quotes',
  kind: 'quote',
  map(raw, context) {
    const quote = asHubSpotObject(raw);
    const amount = prop(quote, 'hs_quote_amount');
    const currency = (prop(quote, 'hs_currency') ?? context.config.defaultCurrency).toUpperCase();
    return {
      title: prop(quote, 'hs_title') ?? `Quote ${quote.id}`,
      status: prop(quote, 'hs_status')?.toUpperCase() ?? null,
      signStatus: prop(quote, 'hs_sign_status')?.toUpperCase() ?? null,
      esignEnabled: prop(quote, 'hs_esign_enabled') === 'true',
      amountMinor: amount == null ? null : toMinorUnits(amount, currency),
      currency: amount == null ? null : currency,
      expiresOn: isoDay(prop(quote, 'hs_expiration_date')),
      link: offeredLink(prop(quote, 'hs_quote_link'), context.config),
      dealExternalIds: associatedIds(quote, 'deals'),
    };
  },
};
