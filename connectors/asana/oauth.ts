import { AuthError, createOAuthClient, type AppConfig } from '../../src/connector-kit/index.js';
import { createAsanaApis, type AsanaAnswer } from './asana-client.js';
import { describeAsanaFailure } from './call-asana.js';
import { asanaSettings } from './settings.js';

/** The workspaces the user granted: the configured one, else the first, is synced (all are kept in settings to choose from). */
async function grantedWorkspaces(config: AppConfig, accessToken: string): Promise<{ gid: string; name: string | null }[]> {
  const apis = createAsanaApis(asanaSettings.read(config).baseUrl, accessToken, config.providerTimeoutMs);
  try {
    const answer = (await apis.users.getUserWithHttpInfo('me', { opt_fields: 'gid,workspaces.gid,workspaces.name' })) as AsanaAnswer<{ data?: { workspaces?: { gid: string; name?: string }[] } }>;
    return (answer.data?.data?.workspaces ?? []).map((w) => ({ gid: w.gid, name: w.name ?? null }));
  } catch (caught) {
    throw new AuthError(`Could not read the Asana user's workspaces: ${describeAsanaFailure(caught).text}`);
  }
}

/**
 * Asana's OAuth (the asana v3 SDK has no OAuth helpers): PKCE, the app's credentials in the form
 * body, no scope parameter (the app's default scope is granted), refresh tokens that do not rotate,
 * and /-/oauth_revoke beside the token endpoint.
 */
export const asanaOAuth = createOAuthClient({
  settings: asanaSettings,
  endpoints: (s) => ({ authorize: s.authorizeUrl, token: s.tokenUrl, revocation: s.tokenUrl.replace(/oauth_token$/, 'oauth_revoke') }),
  tokenAuth: 'client_secret_post',
  pkce: true,
  revokes: 'refresh-or-access',
  async connect({ tokens, config, settings }) {
    const workspaces = await grantedWorkspaces(config, tokens.access_token);
    if (workspaces.length === 0) throw new AuthError('The Asana user belongs to no workspace');
    const chosen = workspaces.find((w) => w.gid === settings.workspaceGid) ?? workspaces[0]!;
    const user = tokens.data as { gid?: string } | undefined;
    return { workspaceGid: chosen.gid, accountId: chosen.gid, userGid: user?.gid ?? null, workspaces };
  },
});
