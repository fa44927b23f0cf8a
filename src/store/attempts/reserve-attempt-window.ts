import type { Queryable } from '../store.js';

/**
 * Counts one attempt against a fixed window, only while the window has room (or a new window has
 * begun): one conditional upsert, so two processes (or two PostgreSQL sessions) can never both take
 * the last attempt. Returns the attempts used in the window including this one, or undefined when
 * the window was already full (nothing counted).
 */
export async function reserveAttemptWindow(q: Queryable, key: string, windowStart: number, limit: number): Promise<number | undefined> {
  const row = await q
    .insertInto('rate_windows')
    .values({ key, window_start: windowStart, used: 1 })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({
          used: eb.case().when('rate_windows.window_start', '=', eb.ref('excluded.window_start')).then(eb('rate_windows.used', '+', 1)).else(1).end(),
          window_start: eb.ref('excluded.window_start'),
        }))
        .where((eb) => eb.or([eb('rate_windows.window_start', '<>', eb.ref('excluded.window_start')), eb('rate_windows.used', '<', limit)])),
    )
    .returning('used')
    .executeTakeFirst();
  return row?.used;
}
