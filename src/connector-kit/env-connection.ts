import type { EnvConnection } from './connector.js';

/**
 * The connection a provider's environment variables describe: OAuth (refreshable) when a
 * refresh token and the app's keys are all given, otherwise a plain token used as is.
 */
export function envConnection(
  keys: { accessToken: string | undefined; refreshToken: string | undefined; clientId: string | undefined; clientSecret: string | undefined },
  settings: Record<string, unknown>,
): EnvConnection | null {
  if (!keys.accessToken) return null;
  if (keys.refreshToken && keys.clientId && keys.clientSecret) {
    return { label: 'env', authType: 'oauth', credentials: { accessToken: keys.accessToken, refreshToken: keys.refreshToken }, settings };
  }
  return { label: 'env', authType: 'token', credentials: { accessToken: keys.accessToken }, settings };
}
