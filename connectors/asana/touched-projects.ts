import type { ConnectorContext } from '../../src/connector-kit/index.js';

const KEY = 'asana.touchedProjects';

/**
 * Projects whose tasks the task pull saw change, kept per connection until the project pull has
 * read their task counts again: unchanged projects keep the counts they had, without a request each.
 */
export function touchProjects(ctx: ConnectorContext, gids: Iterable<string | null | undefined>): void {
  const touched = new Set(ctx.metadata.get<string[]>(KEY) ?? []);
  const before = touched.size;
  for (const gid of gids) if (gid) touched.add(gid);
  if (touched.size !== before) ctx.metadata.set(KEY, [...touched]);
}

export function touchedProjects(ctx: ConnectorContext): Set<string> {
  return new Set(ctx.metadata.get<string[]>(KEY) ?? []);
}

/** Forgets the projects whose counts were just read (touches made meanwhile stay). */
export function forgetTouchedProjects(ctx: ConnectorContext, counted: Set<string>): void {
  const left = (ctx.metadata.get<string[]>(KEY) ?? []).filter((gid) => !counted.has(gid));
  ctx.metadata.set(KEY, left);
}
