import type { Connection } from '../../connections/connection-repository.js';
import type { ConnectorRegistry } from '../../connector-kit/registry.js';

/** The accounts one grant can reach, where a provider has several (Xero organisations, Asana workspaces). */
export interface AccountChoices {
  /** The settings key that selects the account the connection syncs. */
  key: string;
  label: string;
  options: { id: string; name: string }[];
  current: string | null;
}

/**
 * What exchangeCode recorded, read by the connector's own declaration (`accountChoice`): the
 * accounts granted sit in one settings list (Xero's tenants, Asana's workspaces), the chosen one
 * under one key. A provider without the declaration (QuickBooks names its one company on the
 * callback) has nothing to choose.
 */
export function accountChoices(connectors: ConnectorRegistry, connection: Pick<Connection, 'provider' | 'settings'>): AccountChoices | null {
  const rule = connectors.has(connection.provider) ? connectors.get(connection.provider).accountChoice : undefined;
  if (!rule) return null;
  const { settings } = connection;
  const list = settings[rule.listSetting];
  const options = Array.isArray(list)
    ? list.flatMap((entry) => {
        const id = (entry as Record<string, unknown> | null)?.[rule.idKey];
        const name = (entry as Record<string, unknown>).name;
        return typeof id === 'string' ? [{ id, name: typeof name === 'string' && name ? name : id }] : [];
      })
    : [];
  if (options.length === 0) return null;
  const current = settings[rule.key];
  return { key: rule.key, label: rule.label, options, current: typeof current === 'string' ? current : null };
}
