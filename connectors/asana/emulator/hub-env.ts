import type { AsanaEmulator } from './start-asana-emulator.js';

/** The environment that points the hub at this emulator's workspace. */
export function asanaHubEnv(emulator: AsanaEmulator) {
  return {
    ASANA_BASE_URL: emulator.apiBase,
    ASANA_ACCESS_TOKEN: 'demo-asana-personal-access-token',
    ASANA_WORKSPACE_GID: emulator.store.workspace.gid,
    ASANA_AUTHORIZE_URL: `${emulator.url}/-/oauth_authorize`,
    ASANA_TOKEN_URL: `${emulator.url}/-/oauth_token`,
  };
}
