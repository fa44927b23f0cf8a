import type { AppContext } from '../../../src/app/app-context.js';
import type { Connection } from '../../../src/connections/connection-repository.js';
import { listWorkspaceConnections } from '../../../src/store/connections/list-workspace-connections.js';
import { oauthRedirectUri } from '../../../src/connections/start-oauth.js';

export interface ProviderCard {
  provider: string;
  providerName: string;
  /** null: the provider has no OAuth; otherwise whether this deployment can start it, and why not. */
  oauth: { ready: true } | { ready: false; problem: string } | null;
  token: { field: string; hint: string } | null;
  connections: Connection[];
}

/** The six providers, how each can be connected here, and the connections each already has. */
export async function loadConnectPage(app: AppContext): Promise<ProviderCard[]> {
  const connections = await listWorkspaceConnections(app.store.db, app.workspaceId);
  return app.connectors
    .all()
    .map((connector): ProviderCard => {
      let oauth: ProviderCard['oauth'] = null;
      if (connector.oauth) {
        try {
          // Building the authorize URL is how a connector says its app keys are configured.
          connector.oauth.authorizeUrl({ state: 'probe', redirectUri: oauthRedirectUri(app, connector.provider), config: app.config });
          oauth = { ready: true };
        } catch (error) {
          oauth = { ready: false, problem: error instanceof Error ? error.message : String(error) };
        }
      }
      const token = connector.tokenConnect;
      return {
        provider: connector.provider,
        providerName: connector.displayName,
        oauth,
        token: token ? { field: token.field, hint: token.hint } : null,
        connections: connections.filter((c) => c.provider === connector.provider),
      };
    })
    .sort((a, b) => a.providerName.localeCompare(b.providerName));
}
