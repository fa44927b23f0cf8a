/**
 * The store on its two engines (issue 15): the same work through the same repositories on a SQLite
 * file and on a throw-away PostgreSQL database (CLIENTHUB_TEST_POSTGRES_URL, by default the server at
 * 127.0.0.1:5432), in the same run. Rows: records upserted per second (the ordered upsert with its
 * change log, 500 to a transaction, as a sync page commits them), the same records re-sent unchanged,
 * and client dashboards loaded per second. Ratios are PostgreSQL against SQLite.
 */
import { openTestStore } from '../tests/support/store-engines.js';
import { createRecordWriter, type RecordWrite } from '../src/records/upsert-record.js';
import { listRecordStates } from '../src/store/records/list-record-states.js';
import { loadDashboard } from '../portal-ui/load-dashboard.js';
import type { Store, StoreEngine } from '../src/store/store.js';

const PAGE = 500;

export interface StoreEngineRun {
  engine: StoreEngine;
  records: number;
  upsertMs: number;
  resendMs: number;
  dashboards: number;
  dashboardMs: number;
}

function writesFor(workspaceId: number, connectionId: number, total: number, at: number): RecordWrite[] {
  return Array.from({ length: total }, (_, i) => {
    const company = `c${i % Math.max(1, Math.round(total / 10))}`;
    const kind = i % 4 === 0 ? 'deal' : 'invoice';
    const data =
      kind === 'deal'
        ? { name: `Deal ${i}`, amountMinor: 1000 + i, currency: 'USD', stage: 'closedwon', isWon: true, closeDate: '2026-11-01', companyExternalIds: [company], ownerExternalId: null }
        : { number: `INV-${i}`, status: 'open', currency: 'USD', totalMinor: 5000 + i, amountDueMinor: 5000 + i, issueDate: '2026-11-01', dueDate: '2026-12-01', customerExternalId: company };
    return {
      workspaceId, connectionId, provider: 'hubspot', objectType: kind === 'deal' ? 'deals' : 'invoices', externalId: String(i),
      kind, data, raw: { id: String(i), properties: data }, sourceUpdatedAt: at, deleted: false,
    } as RecordWrite;
  });
}

async function upsertAll(store: Store, writes: RecordWrite[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < writes.length; i += PAGE) {
    const page = writes.slice(i, i + PAGE);
    // As a sync page commits: the page's stored versions read in one query per object type, then each record decided.
    await store.transaction(async (tx) => {
      const states = new Map<string, Awaited<ReturnType<typeof listRecordStates>>>();
      for (const objectType of new Set(page.map((w) => w.objectType))) {
        states.set(objectType, await listRecordStates(tx, page[0]!.connectionId, objectType, page.filter((w) => w.objectType === objectType).map((w) => w.externalId)));
      }
      const writer = createRecordWriter(tx);
      for (const write of page) await writer.upsert(write, states.get(write.objectType)!.get(write.externalId) ?? null);
      await writer.flush();
    });
  }
  return performance.now() - started;
}

async function runOn(engine: StoreEngine, total: number): Promise<StoreEngineRun> {
  const t = await openTestStore(engine);
  try {
    const { store } = t;
    const ws = await store.db.insertInto('workspaces').values({ slug: 'bench', name: 'Bench', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    const cn = await store.db
      .insertInto('connections')
      .values({ workspace_id: ws.id, provider: 'hubspot', label: 'bench', auth_type: 'token', status: 'active', created_at: 1, updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const writes = writesFor(ws.id, cn.id, total, 1_765_000_000_000);
    const upsertMs = await upsertAll(store, writes);
    const resendMs = await upsertAll(store, writes);
    // One client holding a slice of the records, as a dashboard reads them.
    const client = await store.db.insertInto('clients').values({ workspace_id: ws.id, name: 'Bench client', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow();
    await store.db.updateTable('records').set({ client_id: client.id }).where('connection_id', '=', cn.id).where('external_id', 'in', writes.slice(0, 200).map((w) => w.externalId)).execute();
    const dashboards = 200;
    const started = performance.now();
    for (let i = 0; i < dashboards; i++) if (!(await loadDashboard(store.db, client.id))) throw new Error('no dashboard');
    const dashboardMs = performance.now() - started;
    return { engine, records: total, upsertMs, resendMs, dashboards, dashboardMs };
  } finally {
    await t.cleanup();
  }
}

/** One repeat: both engines, in the order given (alternated between repeats by the caller). */
export async function benchStoreEngines(total: number, postgresFirst: boolean): Promise<{ sqlite: StoreEngineRun; postgres: StoreEngineRun }> {
  const order: StoreEngine[] = postgresFirst ? ['postgres', 'sqlite'] : ['sqlite', 'postgres'];
  const runs: Partial<Record<StoreEngine, StoreEngineRun>> = {};
  for (const engine of order) runs[engine] = await runOn(engine, total);
  return { sqlite: runs.sqlite!, postgres: runs.postgres! };
}
