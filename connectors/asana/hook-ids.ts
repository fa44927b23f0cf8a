import { randomBytes } from 'node:crypto';

/**
 * A hook id names the connection and project a webhook was registered for, plus a random part,
 * so nobody can guess the id of a hook the hub is about to create and race its handshake.
 */
export function newHookId(connectionId: number, projectGid: string): string {
  return `${connectionId}-${projectGid}-${randomBytes(8).toString('hex')}`;
}

export function parseHookId(hookId: string): { connectionId: number; projectGid: string } | null {
  const match = /^(\d+)-(\d+)-[0-9a-f]{16}$/.exec(hookId);
  return match ? { connectionId: Number(match[1]), projectGid: match[2]! } : null;
}

/** The hook id in a URL the hub registered (…/webhooks/asana?hook=<id>); null when absent. */
export function hookIdFromUrl(url: string): string | null {
  try {
    return new URL(url).searchParams.get('hook');
  } catch {
    return null;
  }
}
