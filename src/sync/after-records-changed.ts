import type { AppContext } from '../app/app-context.js';
import { provisionWonDeal } from '../provisioning/provision-won-deal.js';

/**
 * Business rules that follow a change in the cache, whichever path brought it
 * (backfill, poll, webhook, fetch): today, a deal that is won provisions its client.
 */
export async function afterRecordsChanged(app: AppContext, recordIds: number[]): Promise<void> {
  if (recordIds.length === 0) return;
  const placeholders = recordIds.map(() => '?').join(',');
  const wonDeals = app.db
    .prepare(
      `SELECT r.id FROM records r LEFT JOIN provisionings p ON p.deal_record_id = r.id
       WHERE r.id IN (${placeholders}) AND r.kind = 'deal' AND r.deleted = 0
         AND json_extract(r.data, '$.isWon') = 1 AND p.id IS NULL`,
    )
    .all(...recordIds) as { id: number }[];
  for (const { id } of wonDeals) await provisionWonDeal(app, id);
}
