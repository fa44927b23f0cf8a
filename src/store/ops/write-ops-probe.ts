import { sql } from 'kysely';
import type { Queryable } from '../store.js';

/**
 * The readiness probe through the store: a round trip (SELECT 1), then a write of the one probe row
 * and its read-back. Returns the time read back (a store that opens but cannot write throws).
 */
export async function writeOpsProbe(q: Queryable, at: number): Promise<number | undefined> {
  await sql`SELECT 1`.execute(q);
  await q
    .insertInto('ops_probe')
    .values({ id: 1, at })
    .onConflict((oc) => oc.column('id').doUpdateSet({ at: (eb) => eb.ref('excluded.at') }))
    .execute();
  const row = await q.selectFrom('ops_probe').select('at').where('id', '=', 1).executeTakeFirst();
  return row?.at;
}
