import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { callSalesforce } from './call-salesforce.js';
import { salesforceConnection } from './create-salesforce-connection.js';
import { MULTI_CURRENCY_METADATA_KEY } from './sobject-types.js';

const MAX_AGE_MS = 24 * 3600_000;

/** Whether the org has multiple currencies (then opportunities carry CurrencyIsoCode), from the Opportunity describe. */
export async function loadOrgMetadata(ctx: ConnectorContext): Promise<void> {
  const cached = ctx.metadata.get<{ value: boolean; fetchedAt: number }>(MULTI_CURRENCY_METADATA_KEY);
  if (cached && Date.now() - cached.fetchedAt < MAX_AGE_MS) return;
  const conn = await salesforceConnection(ctx);
  const describe = await callSalesforce(ctx, conn, (c) => c.sobject('Opportunity').describe());
  const value = describe.fields.some((field) => field.name === 'CurrencyIsoCode');
  ctx.metadata.set(MULTI_CURRENCY_METADATA_KEY, { value, fetchedAt: Date.now() });
}
