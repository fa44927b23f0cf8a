/**
 * What a connector declares about itself for the rest of the hub, beside pulling and webhooks: how
 * a person connects it in the console, which account a grant selects, what verifies its webhooks,
 * where its records keep a CRM id, which variables hold its environment credentials. Core reads
 * these declarations; it never names a provider.
 */
import type { AppConfig } from '../config/load-config.js';

/** A provider that connects with a pasted credential (a Stripe key, a HubSpot private-app token), and what a valid one looks like. */
export interface TokenConnectRule {
  field: string;
  pattern: RegExp;
  hint: string;
}

/**
 * The accounts one grant can reach, where a provider has several (Xero organisations, Asana
 * workspaces): exchangeCode records them in `settings[listSetting]`, each with `idKey` and `name`;
 * the chosen one is `settings[key]`.
 */
export interface AccountChoiceRule {
  key: string;
  label: string;
  listSetting: string;
  idKey: string;
}

/** How the hub verifies this provider's webhooks, for the console (a secret is never shown, only whether it is set). */
export interface WebhookSecretHint {
  configured(config: AppConfig): boolean;
  /** Where the secret comes from, e.g. "XERO_WEBHOOK_KEY (the webhook key Xero shows)". */
  source: string;
}

/** Where this provider's records keep ids and names that tie them to a client, by object type (identity rules' defaults). */
export interface IdentityDefaults {
  /** object type → field path of a CRM company id the business fills in. */
  explicitIdFields?: Record<string, string>;
  /** object type → fields naming the client (a bare path: an email, a domain, else a name suggestion). */
  contactFields?: Record<string, string[]>;
}

/** The environment variables the console and error messages name for this provider. */
export interface EnvironmentVariableNames {
  /** Holds the environment connection's token or key. */
  token?: string;
  /** Holds its refresh token, for OAuth grants given by environment. */
  refresh?: string;
  /** The API base URL variable(s), named when the provider cannot be reached. */
  baseUrl: string;
}
