import { overrideSourcePaths } from '../../src/connector-kit/index.js';
import type { ConnectorContext, PulledRecord } from '../../src/connector-kit/index.js';
import type { SalesforceRecord } from './salesforce-record.js';
import { callSalesforce } from './call-salesforce.js';
import { salesforceConnection } from './create-salesforce-connection.js';
import { isSalesforceObjectType, MULTI_CURRENCY_METADATA_KEY, selectList, soqlIdList } from './sobject-types.js';
import { toPulled } from './pull-sobjects.js';

const CHUNK = 200;

/** Current state of records named by a change event or a relation; ids Salesforce no longer returns were deleted. */
export async function fetchByIds(ctx: ConnectorContext, objectType: string, externalIds: string[]): Promise<PulledRecord[]> {
  if (!isSalesforceObjectType(objectType)) throw new Error(`Salesforce connector cannot fetch "${objectType}"`);
  const conn = await salesforceConnection(ctx);
  const multiCurrency = ctx.metadata.get<{ value: boolean }>(MULTI_CURRENCY_METADATA_KEY)?.value ?? false;
  const ids = [...new Set(externalIds)];
  const out: PulledRecord[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const soql = `SELECT ${selectList(objectType, multiCurrency, overrideSourcePaths(ctx.config, 'salesforce', objectType))} FROM ${objectType} WHERE Id IN (${soqlIdList(chunk)})`;
    const result = (await callSalesforce(ctx, conn, async (c) => await c.query(soql, { autoFetch: true, maxFetch: CHUNK }))) as unknown as { records: SalesforceRecord[] };
    const found = new Map(result.records.map((r) => [r.Id, r]));
    for (const id of chunk) {
      // Ids may be asked for in 15-character form; Salesforce answers with 18.
      const record = found.get(id) ?? result.records.find((r) => r.Id.startsWith(id));
      out.push(record ? toPulled(objectType, record) : { objectType, externalId: id, updatedAt: null, deleted: true, raw: { tombstone: true, id } });
    }
  }
  return out;
}
