import type { AppContext } from '../../src/app/app-context.js';
import type { RecordKind } from '../../src/model/unified-model.js';
import { connectionFreshnessOf } from '../../src/ops/read-connection-freshness.js';
import { readRequestConnections } from '../../src/portal-access/read-request-connections.js';
import { listClientRecordSources } from '../../src/store/records/list-client-record-sources.js';

export interface StaleSource {
  /** "Invoices", "Projects": what the client sees, never an object type or a provider's internals. */
  what: string;
  providerName: string;
  /** Since the source's last successful sync. */
  ageMs: number;
  /** Whether it ever synced: a source that never did has nothing to be "last updated". */
  everSynced: boolean;
}

const KIND_LABELS: Partial<Record<RecordKind, string>> = {
  invoice: 'Invoices',
  credit_note: 'Credit notes',
  payment: 'Payments',
  project: 'Projects',
  task: 'Tasks',
  deal: 'Deals',
};

/** Which kinds of records each portal page shows (by its navigation key). */
export const PAGE_KINDS: Record<string, RecordKind[]> = {
  dashboard: ['invoice', 'payment', 'project', 'task'],
  activity: ['invoice', 'payment', 'project', 'task', 'deal'],
  invoices: ['invoice', 'credit_note'],
  payments: ['payment'],
  projects: ['project', 'task'],
};

/**
 * The sources of a client's data on a page that are stale or unhealthy (the same test as /readyz
 * and the staff alerts: past three poll intervals without a successful sync). Only connections
 * that actually hold this client's records of the page's kinds count: a broken CRM connection
 * says nothing about the invoices page.
 */
export async function loadStaleSources(app: AppContext, clientId: number, kinds: RecordKind[], now: number, request?: object): Promise<StaleSource[]> {
  if (kinds.length === 0) return [];
  const troubled = connectionFreshnessOf(app, await readRequestConnections(app, request), now).filter((c) => c.stale || c.state === 'unhealthy');
  if (troubled.length === 0) return [];
  const held = (await listClientRecordSources(app.store.db, clientId, kinds)) as { connectionId: number; kind: RecordKind }[];
  const sources = new Map<string, StaleSource>();
  for (const { connectionId, kind } of held) {
    const connection = troubled.find((c) => c.id === connectionId);
    const what = KIND_LABELS[kind];
    if (!connection || !what) continue;
    const key = `${what}|${connection.providerName}`;
    const existing = sources.get(key);
    if (!existing || existing.ageMs < connection.ageMs) sources.set(key, { what, providerName: connection.providerName, ageMs: connection.ageMs, everSynced: connection.lastSuccessAt !== null });
  }
  return [...sources.values()].sort((a, b) => a.what.localeCompare(b.what) || a.providerName.localeCompare(b.providerName));
}
