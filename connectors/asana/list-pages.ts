import type { ConnectorContext } from '../../src/connector-kit/index.js';
import type { AsanaAnswer, AsanaApis } from './asana-client.js';
import { callAsana } from './call-asana.js';

interface ListBody<T> {
  data?: T[];
  next_page?: { offset?: string | null } | null;
}

/**
 * Walks an Asana list with its opaque `offset` tokens, one page per yield. Each request gets a
 * fresh options object: the SDK writes into the one it is given.
 */
export async function* listPages<T>(
  ctx: ConnectorContext,
  request: (apis: AsanaApis, offset: string | undefined) => Promise<AsanaAnswer<ListBody<T>>>,
): AsyncGenerator<T[]> {
  let offset: string | undefined;
  do {
    const body = await callAsana(ctx, (apis) => request(apis, offset));
    const items = body?.data ?? [];
    offset = body?.next_page?.offset ?? undefined;
    yield items;
    // An empty page that still names a next offset would loop forever: stop.
    if (items.length === 0) return;
  } while (offset);
}
