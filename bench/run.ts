/**
 * npm run bench — issue 20's table, each figure a ratio against a baseline measured in the same run,
 * repeated (default 3) with the order of the two sides alternating, reported min / median / max,
 * with the hub's pacing on against emulators that enforce each provider's documented limits, and
 * pulls running concurrently as `serve` runs them. Prints the table (figure, baseline, ratio, goal,
 * verdict) and writes the same as JSON (bench-results/bench-<time>.json, or --out).
 *
 *   npm run bench                       size 100 000 records, 3 repeats
 *   npm run bench -- --size 1000000     up to 1 M (write path; the dashboard seeds size / 12 clients)
 *   npm run bench -- --smoke            a small size, 1 repeat: for CI, a minute or two
 *   npm run bench -- --only write,ack   some rows only (write, ack, dashboard, engines, asana, hubspot, stripe, backfill)
 *   BENCH_BACKFILL_RECORDS=6000         records per provider backfill (pacing-bound providers take time per record)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spread, round, type Spread } from './stats.js';
import { benchWritePath, type WritePathRun } from './bench-write-path.js';
import { benchWebhookAck, type AckRun } from './bench-webhook-ack.js';
import { benchDashboard } from './portal-dashboard.js';
import { benchStoreEngines } from './bench-store-engines.js';
import { asanaBudget, asanaUnchangedPoll, hubspotConcurrentSearches } from './bench-provider-requests.js';
import { asanaEmulated, compareBackfill, hubspotEmulated, quickBooksEmulated, salesforceEmulated, stripeEmulated, xeroEmulated, type BackfillRun, type Emulated } from './bench-backfills.js';

interface Options {
  size: number;
  repeats: number;
  smoke: boolean;
  out: string | null;
  only: Set<string> | null;
  backfillRecords: number;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const smoke = argv.includes('--smoke');
  const size = Number(value('size') ?? process.env.BENCH_SIZE ?? (smoke ? 2_000 : 100_000));
  const repeats = Number(value('repeats') ?? process.env.BENCH_REPEATS ?? (smoke ? 1 : 3));
  if (!Number.isInteger(size) || size < 100 || size > 1_000_000) throw new Error(`--size must be a whole number from 100 to 1 000 000, got ${size}`);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats must be a whole number of at least 1, got ${repeats}`);
  const only = value('only');
  return { size, repeats, smoke, out: value('out') ?? null, only: only ? new Set(only.split(',')) : null, backfillRecords: Number(process.env.BENCH_BACKFILL_RECORDS ?? (smoke ? 600 : 6_000)) };
}

type Verdict = 'met' | 'not met' | 'info';

interface Row {
  what: string;
  figure: string;
  baseline: string;
  /** The row's ratio over the repeats. */
  ratio: Spread;
  goal: string;
  verdict: Verdict;
  note?: string;
  details?: unknown;
}

const fmt = (s: Spread, digits = 2) => (s.min === s.max ? `${round(s.min, digits)}` : `${round(s.min, digits)} / ${round(s.median, digits)} / ${round(s.max, digits)}`);
const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 2 : 0)} ms`);

/** The store's two engines on the same work (issue 15): PostgreSQL against SQLite, same run. */
async function engineRows(options: Options): Promise<Row[]> {
  // A backfill of the full size on each engine (100 000 by default), pages of 500 through the store.
  const total = options.size;
  const runs = [];
  for (let i = 0; i < options.repeats; i++) runs.push(await benchStoreEngines(total, i % 2 === 1));
  const perSecond = (count: number, elapsed: number) => (count / elapsed) * 1000;
  const upsert = spread(runs.map((r) => perSecond(total, r.postgres.upsertMs) / perSecond(total, r.sqlite.upsertMs)));
  const resend = spread(runs.map((r) => perSecond(total, r.postgres.resendMs) / perSecond(total, r.sqlite.resendMs)));
  const dashboards = spread(runs.map((r) => perSecond(r.postgres.dashboards, r.postgres.dashboardMs) / perSecond(r.sqlite.dashboards, r.sqlite.dashboardMs)));
  const median = (values: number[]) => spread(values).median;
  const rate = (values: number[], unit: string) => `${Math.round(median(values))} ${unit}/s`;
  return [
    { what: `store backfill of ${total} records, PostgreSQL vs SQLite (500/tx, ordered upsert + change log)`, figure: rate(runs.map((r) => perSecond(total, r.postgres.upsertMs)), 'records'), baseline: rate(runs.map((r) => perSecond(total, r.sqlite.upsertMs)), 'records'), ratio: upsert, goal: 'info (engine comparison)', verdict: 'info', details: runs },
    { what: 'store re-sending unchanged records, PostgreSQL vs SQLite', figure: rate(runs.map((r) => perSecond(total, r.postgres.resendMs)), 'records'), baseline: rate(runs.map((r) => perSecond(total, r.sqlite.resendMs)), 'records'), ratio: resend, goal: 'info (engine comparison)', verdict: 'info' },
    { what: 'client dashboards loaded through the store, PostgreSQL vs SQLite', figure: rate(runs.map((r) => perSecond(r.postgres.dashboards, r.postgres.dashboardMs)), 'dashboards'), baseline: rate(runs.map((r) => perSecond(r.sqlite.dashboards, r.sqlite.dashboardMs)), 'dashboards'), ratio: dashboards, goal: 'info (engine comparison)', verdict: 'info' },
  ];
}

/** The write-path rows on each engine: against raw INSERTs on that engine (SQLite: better-sqlite3; PostgreSQL: one multi-row INSERT a page). */
async function writePathRows(options: Options): Promise<Row[]> {
  const rows: Row[] = [];
  for (const engine of ['sqlite', 'postgres'] as const) {
    const runs: WritePathRun[] = [];
    const small: WritePathRun[] = [];
    for (let i = 0; i < options.repeats; i++) {
      runs.push(await benchWritePath(options.size, i % 2 === 1, engine));
      small.push(await benchWritePath(Math.max(100, Math.round(options.size / 10)), i % 2 === 0, engine));
    }
    const median = (values: number[]) => spread(values).median;
    const linked = spread(runs.map((r) => r.hubMs / r.rawMs));
    const unlinked = spread(runs.map((r) => r.hubNoLinkMs / r.rawMs));
    const resend = spread(runs.map((r) => r.resendMs / r.rawMs));
    const growth = spread(runs.map((r, i) => r.hubMs / small[i]!.hubMs));
    const n = runs[0]!.size;
    const on = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    rows.push(
      { what: `${on}: sync write path (map, validate, hash, upsert, change log, linking) vs raw INSERT, 500/tx, ${n} records`, figure: ms(median(runs.map((r) => r.hubMs))), baseline: ms(median(runs.map((r) => r.rawMs))), ratio: linked, goal: '≤ 5× at 1 M', verdict: linked.median <= 5 ? 'met' : 'not met', details: runs },
      { what: `${on}: write path time ×${round(n / small[0]!.size, 1)} data (${small[0]!.size} → ${n})`, figure: ms(median(runs.map((r) => r.hubMs))), baseline: ms(median(small.map((r) => r.hubMs))), ratio: growth, goal: '×10 ± 30 % (linear)', verdict: growth.median <= 13 && growth.median >= 7 ? 'met' : 'not met', details: small },
      { what: `${on}: same without linking`, figure: ms(median(runs.map((r) => r.hubNoLinkMs))), baseline: ms(median(runs.map((r) => r.rawMs))), ratio: unlinked, goal: '≤ 3×', verdict: unlinked.median <= 3 ? 'met' : 'not met' },
      { what: `${on}: re-sending unchanged data vs raw INSERT`, figure: ms(median(runs.map((r) => r.resendMs))), baseline: ms(median(runs.map((r) => r.rawMs))), ratio: resend, goal: '≤ 1×', verdict: resend.median <= 1 ? 'met' : 'not met' },
      {
        what: `${on}: floor under the write path: the finished rows stored again through the hub's own INSERTs alone (records with their generated columns, indexes and triggers, change log, commit; no mapping, hashing or linking) vs raw INSERT`,
        figure: ms(median(runs.map((r) => r.floorMs))),
        baseline: ms(median(runs.map((r) => r.rawMs))),
        ratio: spread(runs.map((r) => r.floorMs / r.rawMs)),
        goal: 'info (what the schema alone costs)',
        verdict: 'info',
      },
    );
  }
  return rows;
}

/** Lower rates tried, highest first, for the highest one this machine acknowledges within 25 ms at p99. */
const ACK_LADDER = [700, 500, 350, 250, 175, 125, 90, 60];

async function ackRows(options: Options): Promise<Row[]> {
  const rate = options.smoke ? 200 : 1_000;
  const seconds = options.smoke ? 2 : 10;
  const rows: Row[] = [];
  // SQLite with the jobs in the server, then with Redis and a worker process; then PostgreSQL with Redis
  // and a worker (where the acknowledgement never shares a write lock with the jobs).
  for (const { redis, engine } of [{ redis: false, engine: 'sqlite' }, { redis: true, engine: 'sqlite' }, { redis: true, engine: 'postgres' }] as const) {
    const runs = [];
    for (let i = 0; i < options.repeats; i++) runs.push(await benchWebhookAck({ rate, seconds, redis, engine }));
    const p99 = spread(runs.map((r) => r.p99Ms));
    const cpu = (r: AckRun) => `${round(r.serverCpuMsPerDelivery ?? NaN, 2)}${r.workerCpuMsPerDelivery !== undefined ? ` + worker ${round(r.workerCpuMsPerDelivery, 2)}` : ''}`;
    // What this machine sustains: the highest rate of the ladder whose one 5 s run keeps p99 under 25 ms.
    // (CPU per delivery is reported at the full rate only: at low rates the code runs less optimised and
    // start-up work weighs more, so it would overstate the per-delivery cost.)
    let capacity: { rate: number; run: AckRun } | null = null;
    if (!options.smoke && p99.max >= 25) {
      for (const lower of ACK_LADDER) {
        const run = await benchWebhookAck({ rate: lower, seconds: 5, redis, engine });
        if (run.p99Ms < 25 && run.failed === 0) {
          capacity = { rate: lower, run };
          break;
        }
      }
    }
    const sustained = options.smoke || p99.max < 25 ? '' : capacity ? `; highest rate of ${ACK_LADDER.join(', ')}/s with p99 < 25 ms: ${capacity.rate}/s (p99 ${round(capacity.run.p99Ms)} ms, p50 ${round(capacity.run.p50Ms)} ms)` : `; no rate down to ${ACK_LADDER.at(-1)}/s kept p99 < 25 ms`;
    rows.push({
      what: `${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: webhook ack p99 at ${rate}/s for ${seconds} s, ${redis ? 'with Redis and a worker process running' : 'in-process (jobs in the server)'}`,
      figure: `p99 ${fmt(p99)} ms`,
      baseline: '25 ms',
      ratio: spread(runs.map((r) => r.p99Ms / 25)),
      goal: '< 25 ms in every run',
      verdict: p99.max < 25 ? 'met' : 'not met',
      note: `sent/s ${runs.map((r) => r.sentPerSecond).join(', ')}; failed ${runs.map((r) => r.failed).join(', ')}; p50 ${runs.map((r) => round(r.p50Ms)).join(', ')} ms; hub CPU per delivery ${runs.map(cpu).join(', ')} ms${sustained}`,
      details: { runs, capacity },
    });
  }
  return rows;
}

async function dashboardRows(options: Options): Promise<Row[]> {
  const clients = Math.max(50, Math.round(options.size / 12));
  const rows: Row[] = [];
  for (const engine of ['sqlite', 'postgres'] as const) {
    const runs = [];
    for (let i = 0; i < options.repeats; i++) runs.push(await benchDashboard({ clients, seconds: options.smoke ? 2 : 5, concurrency: 8, engine }));
    const vsBare = spread(runs.map((r) => r.dashboard.rps / r.bareExpress.rps));
    const vsHealth = spread(runs.map((r) => r.dashboard.rps / r.healthz.rps));
    rows.push({
      what: `${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: portal dashboard, ${runs[0]!.clients} clients / ${runs[0]!.records} records, req/s`,
      figure: `${Math.round(spread(runs.map((r) => r.dashboard.rps)).median)} req/s`,
      baseline: `${Math.round(spread(runs.map((r) => r.bareExpress.rps)).median)} req/s bare express, ${runs[0]!.bodyBytes} B`,
      ratio: vsBare,
      goal: '≥ 0.5× bare express',
      verdict: vsBare.median >= 0.5 ? 'met' : 'not met',
      note: `${fmt(vsHealth, 3)} × /healthz; dashboard p99 ${runs.map((r) => round(r.dashboard.p99)).join(', ')} ms; ceiling: a signed-in page with one row of its own (GET /account: session, modules, layout) ${fmt(spread(runs.map((r) => r.signedInPage.rps / r.bareExpress.rps)), 3)} × bare express`,
      details: runs.map((r) => ({ dashboard: r.dashboard, signedInPage: r.signedInPage, bareExpress: r.bareExpress, healthz: r.healthz })),
    });
  }
  return rows;
}

async function asanaRows(options: Options): Promise<Row[]> {
  const projects = options.smoke ? 120 : 990;
  const paid = await asanaUnchangedPoll(projects, 'paid');
  const free = await asanaUnchangedPoll(projects, 'free');
  const rows: Row[] = [
    {
      what: `Asana incremental poll, nothing changed, ${projects} projects (paid workspace: search)`,
      figure: `${paid.requestsPerPoll} requests (${paid.perProjectRequests} per-project)`,
      baseline: `${free.requestsPerPoll} requests on a free workspace (events per project)`,
      ratio: spread([paid.requestsPerPoll / free.requestsPerPoll]),
      goal: 'O(1) in projects when nothing changed',
      verdict: paid.perProjectRequests === 0 ? 'met' : 'not met',
      note: `paid: the project listing (${Math.ceil(projects / 100)} pages of 100) + 1 search; free plans have no workspace-wide change feed (search and workspace events are paid / Enterprise+), so a free poll stays 1 events request per live project`,
      details: { paid, free },
    },
  ];
  if (!options.smoke) {
    const budget = await asanaBudget(200);
    rows.push({
      what: `Asana request budget, free workspace: peak requests in any minute (${budget.requests} requests)`,
      figure: `${budget.peakInWindow}/min`,
      baseline: `${budget.limit}/min (free tier)`,
      ratio: spread([budget.peakInWindow / budget.limit]),
      goal: 'within the workspace’s real tier (ASANA_TIER)',
      verdict: budget.peakInWindow <= budget.limit && budget.refused === 0 ? 'met' : 'not met',
      note: `${budget.seconds.toFixed(0)} s; ${budget.refused} answered 429`,
      details: budget,
    });
  }
  return rows;
}

async function hubspotRows(options: Options): Promise<Row[]> {
  const figures = await hubspotConcurrentSearches(options.smoke ? 300 : 1_500);
  return [
    {
      what: `HubSpot under serve (companies, contacts, deals pulled at once), ${figures.searches} searches`,
      figure: `${figures.searchesPerSecond} searches/s, ${figures.refused} answered 429`,
      baseline: `${figures.permittedPerSecond}/s permitted`,
      ratio: spread([figures.shareOfPermitted]),
      goal: '0 429s, ≥ 0.9 of the permitted rate',
      verdict: figures.refused === 0 && figures.shareOfPermitted >= 0.9 ? 'met' : 'not met',
      details: figures,
    },
  ];
}

async function backfillRows(options: Options, only: (name: string) => boolean): Promise<Row[]> {
  const records = options.backfillRecords;
  const providers: { name: string; start: () => Promise<Emulated>; paced: string | null }[] = [
    { name: 'QuickBooks', start: () => quickBooksEmulated(Math.max(10, Math.round(records / 6))), paced: null },
    { name: 'Asana', start: () => asanaEmulated(Math.max(4, Math.round(records / 50)), 49), paced: null },
    { name: 'Salesforce', start: () => salesforceEmulated(Math.max(10, Math.round(records / 4))), paced: null },
    { name: 'HubSpot', start: () => hubspotEmulated(Math.max(10, Math.round(records / 4))), paced: 'search 5/s' },
    { name: 'Xero', start: () => xeroEmulated(Math.max(10, Math.round(Math.min(records, 1_800) / 6))), paced: '60 calls/min' },
    { name: 'Stripe', start: () => stripeEmulated(Math.max(10, Math.round(records / 6))), paced: '25/s test mode' },
  ];
  const rows: Row[] = [];
  let stripeRun: BackfillRun | null = null;
  for (const provider of providers) {
    if (!only('backfill') && !(provider.name === 'Stripe' && only('stripe'))) continue;
    const emulated = await provider.start();
    const runs: BackfillRun[] = [];
    try {
      for (let i = 0; i < options.repeats; i++) runs.push(await compareBackfill(emulated, i % 2 === 1));
    } finally {
      await emulated.close();
    }
    if (provider.name === 'Stripe') stripeRun = runs[0]!;
    const ratio = spread(runs.map((r) => r.ratio));
    if (!only('backfill')) continue;
    rows.push({
      what: `${provider.name} backfill vs fetch-only through the same connector, ${runs[0]!.records} records`,
      figure: ms(spread(runs.map((r) => r.backfillMs)).median),
      baseline: `${ms(spread(runs.map((r) => r.fetchOnlyMs)).median)} fetch-only`,
      ratio,
      goal: provider.paced ? `info (pacing-bound: ${provider.paced})` : '≥ 0.8 where not pacing-bound',
      verdict: provider.paced ? 'info' : ratio.median >= 0.8 ? 'met' : 'not met',
      note: `order per run: ${runs.map((r) => (r.backfillFirst ? 'hub first' : 'fetch first')).join(', ')}`,
      details: runs.map(({ backfillRequests: _requests, ...rest }) => rest),
    });
  }
  if (stripeRun && (only('stripe') || only('backfill'))) {
    const paths = stripeRun.backfillRequests.map((r) => r.path);
    const listPages = paths.filter((path) => ['/customers', '/invoices', '/payment_intents'].includes(path)).length;
    const walk = paths.filter((path) => path === '/invoice_payments').length;
    // Beyond the list pages: requests per object (an invoice's further lines, a PaymentIntent's invoices).
    const beyond = paths.length - listPages - walk;
    rows.push({
      what: `Stripe backfill requests beyond the list pages (${paths.length} requests)`,
      figure: `${beyond} per-object requests; ${walk} invoice_payments list pages (${round((walk / paths.length) * 100, 1)} % of all)`,
      baseline: `${listPages} customer, invoice and PaymentIntent list pages`,
      ratio: spread([beyond / paths.length]),
      goal: '≤ 10 % of requests beyond the list pages',
      verdict: beyond / paths.length <= 0.1 ? 'met' : 'not met',
      note: 'invoice payments are walked account-wide (100 a page) beside the PaymentIntent listing, not asked for per intent',
    });
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const header = ['what', 'figure (median)', 'baseline', 'ratio min / median / max', 'goal', 'verdict'];
  const cells = rows.map((row) => [row.what, row.figure, row.baseline, fmt(row.ratio), row.goal, row.verdict]);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const line of cells) console.log(`| ${line.join(' | ')} |`);
  for (const row of rows) if (row.note) console.log(`- ${row.what}: ${row.note}`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const only = (name: string) => !options.only || options.only.has(name);
  const started = Date.now();
  const rows: Row[] = [];
  const section = async (name: string, work: () => Promise<Row[]>) => {
    if (!only(name)) return;
    const t = performance.now();
    process.stderr.write(`bench: ${name}…\n`);
    rows.push(...(await work()));
    process.stderr.write(`bench: ${name} done in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
  };
  await section('write', () => writePathRows(options));
  await section('ack', () => ackRows(options));
  await section('dashboard', () => dashboardRows(options));
  await section('engines', () => engineRows(options));
  await section('asana', () => asanaRows(options));
  await section('hubspot', () => hubspotRows(options));
  if (only('backfill') || only('stripe')) await section(only('backfill') ? 'backfill' : 'stripe', () => backfillRows(options, only));
  printTable(rows);
  const result = { startedAt: new Date(started).toISOString(), seconds: Math.round((Date.now() - started) / 1000), options: { ...options, only: options.only ? [...options.only] : null }, rows };
  const out = options.out ?? join('bench-results', `bench-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(`\nJSON: ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
