import type { AppContext } from '../../src/app/app-context.js';
import { seedRecord } from '../../tests/support/seed-portal-records.js';
import { sqlValue } from '../../tests/support/sql.js';

/**
 * Two clients, Northwind Traders and Acme Robotics, that own the HubSpot demo's first two companies
 * (provisioning's job elsewhere): the deals, quotes and tickets associated with them follow by association.
 */
export async function seedDemoClientCompanies(app: AppContext, connectionId: number, companyIds: string[]): Promise<{ clientId: number; otherClientId: number }> {
  const ids: number[] = [];
  for (const [index, name] of ['Northwind Traders', 'Acme Robotics'].entries()) {
    const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, 1, 1) RETURNING id`, app.workspaceId, name))!;
    await seedRecord(app, {
      connectionId,
      provider: 'hubspot',
      kind: 'company',
      externalId: companyIds[index]!,
      clientId,
      data: { name, domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null },
    });
    ids.push(clientId);
  }
  return { clientId: ids[0]!, otherClientId: ids[1]! };
}
