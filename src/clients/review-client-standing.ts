import type { Store } from '../store/store.js';
import { listRecordClients } from '../store/clients/list-record-clients.js';
import { listClientWonDeals } from '../store/provisionings/list-client-won-deals.js';
import { listClientSourceStates } from '../store/clients/list-client-source-states.js';
import { offboardClient, reactivateClient } from './offboard-client.js';

/**
 * After CRM changes: is each affected client still a client? A client stands while at least one
 * deal that provisioned it is still won and not deleted, and at least one of its CRM companies is
 * still there. Lost or reversed deals and removed companies offboard it at once; a deal won again
 * (with its company present) brings it back. Staff merges are left alone. Each client is decided in
 * its own serializable transaction (what it reads decides what it writes).
 */
export async function reviewClientStanding(store: Store, changedRecordIds: number[], now = Date.now()): Promise<{ offboarded: number[]; reactivated: number[] }> {
  const out = { offboarded: [] as number[], reactivated: [] as number[] };
  if (changedRecordIds.length === 0) return out;
  const affected = await listRecordClients(store.db, changedRecordIds);
  for (const clientId of affected) {
    const change = await store.transaction(async (tx): Promise<'offboarded' | 'reactivated' | null> => {
      const wonDeals = await listClientWonDeals(tx, clientId);
      const sources = await listClientSourceStates(tx, clientId);
      const companyGone = sources.length > 0 && sources.every((s) => s.deleted);
      if (wonDeals.length === 0 || companyGone) {
        const reason = companyGone ? 'the CRM company was removed' : 'no won deal any more (lost, reopened or deleted)';
        return (await offboardClient(tx, { clientId, reason }, now)) ? 'offboarded' : null;
      }
      return (await reactivateClient(tx, { clientId, reason: 'a deal is won again', details: { deals: wonDeals } }, now)) ? 'reactivated' : null;
    }, { isolation: 'serializable' });
    if (change) out[change].push(clientId);
  }
  return out;
}
