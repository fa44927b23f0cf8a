import type { AppConfig } from '../config/load-config.js';
import { contactFieldsOf } from '../identity/identity-rules.js';
import { parseFieldPath } from '../identity/read-field-path.js';
import type { ConnectorRegistry } from './registry.js';
import { rememberProviderName } from './provider-names.js';
import { applyBillingDeclarations } from '../config/billing-config.js';

/**
 * Makes the loaded connectors' declarations part of the configuration, once at start: every
 * connector's settings are parsed now (a bad value stops the hub here, naming the provider and the
 * variable, rather than at its first sync), and their default identity-rule paths sit under what
 * the config file's `identity` section says (the file wins, provider by provider).
 */
export function applyConnectorDeclarations(config: AppConfig, connectors: ConnectorRegistry): void {
  for (const connector of connectors.all()) {
    rememberProviderName(connector.provider, connector.displayName);
    connector.settings.read(config);
    const defaults = connector.identityDefaults;
    if (!defaults) continue;
    const { provider } = connector;
    for (const [objectType, path] of Object.entries(defaults.explicitIdFields ?? {})) checkDeclaredPath(provider, objectType, path);
    if (defaults.explicitIdFields && !config.identity.explicitIdFields[provider]) config.identity.explicitIdFields[provider] = { ...defaults.explicitIdFields };
    if (defaults.contactFields && !config.identity.contactFields[provider]) config.identity.contactFields[provider] = contactFieldsOf({ [provider]: defaults.contactFields })[provider]!;
  }
  // Test configs built by hand may have no billing section.
  if (config.billing) applyBillingDeclarations(config.billing, connectors.all());
}

function checkDeclaredPath(provider: string, objectType: string, path: string): void {
  try {
    parseFieldPath(path);
  } catch (error) {
    throw new Error(`connectors/${provider} declares an identity path for ${objectType} that cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}
