import type { Queryable } from '../store.js';

export interface ClaimableJobOptions {
  now: number;
  /** Whether this process may start another connection job (it keeps one slot for housekeeping). */
  connectionSlotFree: boolean;
  /** The most running jobs of one connection, counted across every process on this store. */
  perConnection: number;
}

/**
 * The first due job that may start now (a select of its id, for the probe and the claim): its key
 * not held by a running twin, its connection under its limit. The connections at their limit are
 * found once per query, not counted again for every waiting job: a webhook burst leaves thousands
 * queued behind one busy connection.
 */
export function selectClaimableJob(q: Queryable, options: ClaimableJobOptions) {
  return q
    .selectFrom('jobs as j')
    .select('j.id')
    .where('j.status', '=', 'queued')
    .where('j.run_at', '<=', options.now)
    .where((eb) =>
      eb.or([
        eb('j.dedupe_key', 'is', null),
        eb.not(eb.exists(eb.selectFrom('jobs as r').select('r.id').where('r.status', '=', 'running').whereRef('r.dedupe_key', '=', 'j.dedupe_key'))),
      ]),
    )
    .where((eb) =>
      options.connectionSlotFree
        ? eb.or([
            eb('j.connection_id', 'is', null),
            eb(
              'j.connection_id',
              'not in',
              eb
                .selectFrom('jobs as r')
                .select('r.connection_id')
                .where('r.status', '=', 'running')
                .where('r.connection_id', 'is not', null)
                .groupBy('r.connection_id')
                .having((h) => h(h.fn.countAll(), '>=', options.perConnection)),
            ),
          ])
        : eb('j.connection_id', 'is', null),
    )
    .orderBy('j.run_at')
    .orderBy('j.id')
    .limit(1);
}
