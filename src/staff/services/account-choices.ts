import type { Connection } from '../../connections/connection-repository.js';

/** The accounts one grant can reach, where a provider has several (Xero organisations, Asana workspaces). */
export interface AccountChoices {
  /** The settings key that selects the account the connection syncs. */
  key: 'tenantId' | 'workspaceGid';
  label: string;
  options: { id: string; name: string }[];
  current: string | null;
}

/**
 * What exchangeCode recorded: Xero keeps every granted tenant in settings.tenants, Asana every
 * workspace in settings.workspaces. QuickBooks names its one company (realm) on the callback, so
 * there is nothing to choose there.
 */
export function accountChoices(connection: Pick<Connection, 'settings'>): AccountChoices | null {
  const { settings } = connection;
  const read = (list: unknown, idKey: string) =>
    Array.isArray(list)
      ? list.flatMap((entry) => {
          const id = (entry as Record<string, unknown> | null)?.[idKey];
          const name = (entry as Record<string, unknown>).name;
          return typeof id === 'string' ? [{ id, name: typeof name === 'string' && name ? name : id }] : [];
        })
      : [];
  const tenants = read(settings.tenants, 'tenantId');
  if (tenants.length > 0) return { key: 'tenantId', label: 'Organisation', options: tenants, current: typeof settings.tenantId === 'string' ? settings.tenantId : null };
  const workspaces = read(settings.workspaces, 'gid');
  if (workspaces.length > 0) return { key: 'workspaceGid', label: 'Workspace', options: workspaces, current: typeof settings.workspaceGid === 'string' ? settings.workspaceGid : null };
  return null;
}
