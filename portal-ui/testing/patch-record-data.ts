/**
 * Sets top-level fields of a stored record's `data` in place, on either engine (what SQLite's
 * `json_set(data, '$.field', …)` did): the JSON is read, changed in JS and written back. Nothing
 * else about the row changes unless asked (`bumpVersion` adds one to its version, as a provider
 * update would). For tests that need a record to look a certain way without a sync.
 */
import type { AppContext } from '../../src/app/app-context.js';
import { sqlGet, sqlRun } from '../../tests/support/sql.js';

export async function patchRecordData(app: AppContext, recordId: number, fields: Record<string, unknown>, options: { bumpVersion?: boolean } = {}): Promise<void> {
  const row = await sqlGet<{ data: string }>(app, 'SELECT data FROM records WHERE id = ?', recordId);
  if (!row) throw new Error(`no record ${recordId}`);
  const data = { ...(JSON.parse(row.data) as Record<string, unknown>), ...fields };
  const { changes } = await sqlRun(app, `UPDATE records SET data = ?${options.bumpVersion ? ', version = version + 1' : ''} WHERE id = ?`, JSON.stringify(data), recordId);
  if (changes !== 1) throw new Error(`record ${recordId} was not updated`);
}
