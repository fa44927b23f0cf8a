import type { Queryable } from '../store.js';

/** The workspace with this slug, created with this name when there is none; returns its id. */
export async function ensureWorkspace(q: Queryable, slug: string, name: string, now = Date.now()): Promise<number> {
  await q.insertInto('workspaces').values({ slug, name, created_at: now }).onConflict((oc) => oc.column('slug').doNothing()).execute();
  const row = await q.selectFrom('workspaces').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}
