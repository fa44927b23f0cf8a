/**
 * Providers' display names for views that render without the app at hand ("from Xero, 2 minutes
 * ago"): the registry records each loaded connector's own `displayName` here. A provider whose
 * connector is not loaded in this process (records kept from a removed one) shows its id.
 */
const names = new Map<string, string>();

export function rememberProviderName(provider: string, displayName: string): void {
  names.set(provider, displayName);
}

export function providerDisplayName(provider: string): string {
  return names.get(provider) ?? provider;
}
