import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import type { Queryable } from '../store.js';
import type { BillingConfig } from '../../config/billing-config.js';
import { listMatchableInvoiceRows } from './list-matchable-invoice-rows.js';
import { listInvoiceMatchDecisions } from './list-invoice-match-decisions.js';
import { findInvoiceMatchDecision } from './find-invoice-match-decision.js';
import { insertInvoiceMatchDecision } from './insert-invoice-match-decision.js';
import { findInvoiceMatchReview } from './find-invoice-match-review.js';
import { insertInvoiceMatchReview } from './insert-invoice-match-review.js';
import { listOpenInvoiceMatchReviews } from './list-open-invoice-match-reviews.js';
import { updateInvoiceMatchReviewEvidence } from './update-invoice-match-review-evidence.js';
import { updateInvoiceMatchReviewWithdrawn } from './update-invoice-match-review-withdrawn.js';
import { updateInvoiceMatchReviewsResolved } from './update-invoice-match-reviews-resolved.js';
import { listInvoiceMatchClientIds } from './list-invoice-match-client-ids.js';
import { listRecordsByIds } from './list-records-by-ids.js';
import { deleteClientInvoiceMatches } from '../invoice-matches/delete-client-invoice-matches.js';
import { upsertInvoiceMatches } from '../invoice-matches/upsert-invoice-matches.js';
import { listClientInvoiceMatches } from '../invoice-matches/list-client-invoice-matches.js';
import { refreshInvoiceMatches } from '../../billing/refresh-invoice-matches.js';
import { refreshMatchesForRecords } from '../../billing/refresh-matches-for-records.js';
import { decideInvoiceMatch } from '../../billing/decide-invoice-match.js';

const CONFIG: BillingConfig = { systemOfRecord: { 'stripe+xero': 'xero' }, billingRoles: { xero: 'books', stripe: 'payments' }, matchToleranceDays: 3, paymentInstructions: undefined };
const BILL = { status: 'open', currency: 'USD', totalMinor: 1_440_000, amountDueMinor: 1_440_000, issueDate: '2026-10-01', dueDate: '2026-10-31', references: [] as string[], aliases: [] as string[] };

describe.each(STORE_ENGINES)('invoice matching on the store (%s)', (engine) => {
  let t: TestStore;
  const ids = {} as Record<string, number>;
  let n = 0;
  const invoice = async (q: Queryable, name: string, fields: { connection: number; provider: string; clientId: number | null; data: object; workspace?: number; deleted?: number; kind?: string }) => {
    ids[name] = (
      await q
        .insertInto('records')
        .values({
          workspace_id: fields.workspace ?? ids.ws!,
          connection_id: fields.connection,
          provider: fields.provider,
          object_type: 'invoices',
          kind: fields.kind ?? 'invoice',
          external_id: `${name}_${++n}`,
          data: JSON.stringify({ ...BILL, ...fields.data }),
          raw: '{}',
          content_hash: `h${n}`,
          synced_at: n,
          client_id: fields.clientId,
          deleted: fields.deleted ?? 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    return ids[name]!;
  };

  beforeAll(async () => {
    t = await openTestStore(engine);
    const q = t.store.db;
    for (const slug of ['ws', 'other']) ids[slug] = (await q.insertInto('workspaces').values({ slug, name: slug, created_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    for (const name of ['northwind', 'globex']) ids[name] = (await q.insertInto('clients').values({ workspace_id: ids.ws!, name, created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.foreignClient = (await q.insertInto('clients').values({ workspace_id: ids.other!, name: 'foreign', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    for (const provider of ['stripe', 'xero']) ids[provider] = (await q.insertInto('connections').values({ workspace_id: ids.ws!, provider, label: 'env', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    ids.foreignConn = (await q.insertInto('connections').values({ workspace_id: ids.other!, provider: 'xero', label: 'env', auth_type: 'token', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('reads, writes and regroups through the repositories, one client and workspace at a time', async () => {
    const q = t.store.db;
    const a = await invoice(q, 'repoA', { connection: ids.stripe!, provider: 'stripe', clientId: ids.globex!, data: { number: 'G-1' } });
    const b = await invoice(q, 'repoB', { connection: ids.xero!, provider: 'xero', clientId: ids.globex!, data: { number: 'G-1' } });
    await invoice(q, 'repoGone', { connection: ids.xero!, provider: 'xero', clientId: ids.globex!, data: { number: 'G-2' }, deleted: 1 });
    await invoice(q, 'repoDeal', { connection: ids.xero!, provider: 'xero', clientId: ids.globex!, data: {}, kind: 'deal' });
    await invoice(q, 'repoForeign', { connection: ids.foreignConn!, provider: 'xero', clientId: ids.foreignClient!, data: {}, workspace: ids.other! });
    const c = await invoice(q, 'repoC', { connection: ids.xero!, provider: 'xero', clientId: null, data: { number: 'G-3' } });

    const rows = await listMatchableInvoiceRows(q, ids.ws!, [ids.globex!, ids.foreignClient!]);
    expect(rows.map((r) => [r.id, r.clientId, r.connectionId, r.provider])).toEqual([
      [a, ids.globex, ids.stripe, 'stripe'],
      [b, ids.globex, ids.xero, 'xero'],
    ]);
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ number: 'G-1' });
    expect(await listMatchableInvoiceRows(q, ids.ws!, [])).toEqual([]);

    const byId = await listRecordsByIds(q, [a, c]);
    expect(byId.get(a)).toMatchObject({ id: a, workspaceId: ids.ws, clientId: ids.globex, connectionId: ids.stripe, provider: 'stripe', kind: 'invoice', deleted: 0 });
    expect(byId.get(c)).toMatchObject({ clientId: null });

    expect(await findInvoiceMatchDecision(q, a, b)).toBeUndefined();
    await insertInvoiceMatchDecision(q, { workspaceId: ids.ws!, recordA: a, recordB: b, decision: 'different', decidedBy: 'staff:sam' }, 5);
    expect(await findInvoiceMatchDecision(q, a, b)).toEqual({ decision: 'different', decidedBy: 'staff:sam' });
    await expect(insertInvoiceMatchDecision(q, { workspaceId: ids.ws!, recordA: a, recordB: b, decision: 'same', decidedBy: 'staff:sam' }, 6)).rejects.toThrow();
    expect(await listInvoiceMatchDecisions(q, ids.ws!)).toEqual([{ recordA: a, recordB: b, decision: 'different' }]);
    expect(await listInvoiceMatchDecisions(q, ids.other!)).toEqual([]);
    await q.deleteFrom('invoice_match_decisions').execute();

    const review = await insertInvoiceMatchReview(q, { workspaceId: ids.ws!, clientId: ids.globex!, recordA: a, recordB: b, reason: 'suggestion', evidence: ['same number'] }, 10);
    expect(await findInvoiceMatchReview(q, ids.ws!, review)).toEqual({ id: review, recordA: a, recordB: b, status: 'open' });
    expect(await findInvoiceMatchReview(q, ids.other!, review)).toBeUndefined();
    await updateInvoiceMatchReviewEvidence(q, review, { reason: 'conflict', evidence: ['amount due differs'] }, 11);
    expect(await listOpenInvoiceMatchReviews(q, [ids.globex!])).toEqual([{ id: review, clientId: ids.globex, recordA: a, recordB: b, reason: 'conflict', evidence: '["amount due differs"]' }]);
    expect(await listInvoiceMatchClientIds(q, [c])).toEqual([]);
    expect(await listInvoiceMatchClientIds(q, [a, c])).toEqual([ids.globex]);
    await updateInvoiceMatchReviewsResolved(q, { recordA: a, recordB: b }, { resolution: 'different bills', resolvedBy: 'cli:me' }, 12);
    expect(await q.selectFrom('invoice_match_reviews').select(['status', 'resolution', 'resolved_by', 'updated_at']).where('id', '=', review).executeTakeFirst()).toEqual({ status: 'resolved', resolution: 'different bills', resolved_by: 'cli:me', updated_at: 12 });
    const second = await insertInvoiceMatchReview(q, { workspaceId: ids.ws!, clientId: ids.globex!, recordA: a, recordB: b, reason: 'suggestion', evidence: [] }, 13);
    await updateInvoiceMatchReviewWithdrawn(q, second, 14);
    expect(await listOpenInvoiceMatchReviews(q, [ids.globex!])).toEqual([]);
    expect(await findInvoiceMatchReview(q, ids.ws!, second)).toMatchObject({ status: 'withdrawn' });

    // A group stored under one client, then regrouped under another (a customer that moved): the row follows.
    await upsertInvoiceMatches(q, [
      { recordId: a, workspaceId: ids.ws!, clientId: ids.globex!, groupId: b, method: 'number', confidence: 0.9, detail: '{}' },
      { recordId: b, workspaceId: ids.ws!, clientId: ids.globex!, groupId: b, method: 'system_of_record', confidence: 1, detail: '{}' },
    ], 20);
    expect(await listClientInvoiceMatches(q, ids.globex!)).toEqual(new Map([[a, b], [b, b]]));
    expect(await listInvoiceMatchClientIds(q, [c, a])).toEqual([ids.globex]);
    await upsertInvoiceMatches(q, [{ recordId: a, workspaceId: ids.ws!, clientId: ids.northwind!, groupId: a, method: 'system_of_record', confidence: 1, detail: '{"evidence":[]}' }], 21);
    expect(await listClientInvoiceMatches(q, ids.globex!)).toEqual(new Map([[b, b]]));
    expect(await q.selectFrom('invoice_matches').select(['client_id', 'method', 'confidence', 'detail', 'decided_at']).where('record_id', '=', a).executeTakeFirst()).toEqual({ client_id: ids.northwind, method: 'system_of_record', confidence: 1, detail: '{"evidence":[]}', decided_at: 21 });
    await deleteClientInvoiceMatches(q, [ids.globex!, ids.northwind!]);
    expect(await q.selectFrom('invoice_matches').select('record_id').execute()).toEqual([]);
    for (const table of ['invoice_match_reviews', 'audit_log'] as const) await q.deleteFrom(table).execute();
    await q.deleteFrom('records').execute();
  });

  it('matches a mirrored bill once, sends a doubtful pair to review, and applies a staff decision with its audit row in one transaction', async () => {
    const q = t.store.db;
    const stripe = await invoice(q, 'billStripe', { connection: ids.stripe!, provider: 'stripe', clientId: ids.northwind!, data: { number: '3130EB3-0003' } });
    const stripeExternalId = `billStripe_${n}`;
    const xero = await invoice(q, 'billXero', { connection: ids.xero!, provider: 'xero', clientId: ids.northwind!, data: { number: 'INV-0003', references: [stripeExternalId] } });
    const partStripe = await invoice(q, 'partStripe', { connection: ids.stripe!, provider: 'stripe', clientId: ids.northwind!, data: { number: '3130EB3-0005', status: 'partially_paid', issueDate: '2026-11-10', dueDate: '2026-12-10', totalMinor: 50_000, amountDueMinor: 20_000 } });
    const partXero = await invoice(q, 'partXero', { connection: ids.xero!, provider: 'xero', clientId: ids.northwind!, data: { number: 'INV-0005', issueDate: '2026-11-10', dueDate: '2026-12-10', totalMinor: 50_000, amountDueMinor: 50_000 } });

    const summary = await t.store.transaction((tx) => refreshInvoiceMatches(tx, ids.ws!, CONFIG, undefined, 100));
    expect(summary).toEqual({ groups: 1, matched: 2, reviewsOpened: 1, reviewsWithdrawn: 0 });
    expect(await listClientInvoiceMatches(q, ids.northwind!)).toEqual(new Map([[stripe, xero], [xero, xero]]));
    const [review] = await listOpenInvoiceMatchReviews(q, [ids.northwind!]);
    expect(review).toMatchObject({ recordA: partStripe, recordB: partXero, reason: 'conflict' });
    expect(await q.selectFrom('audit_log').select(['action', 'subject_id']).orderBy('id').execute()).toEqual([
      { action: 'invoice.matched', subject_id: String(xero) },
      { action: 'invoice.matched', subject_id: String(stripe) },
    ]);
    // Nothing changed: nothing re-audited, the review stays as it was.
    expect(await t.store.transaction((tx) => refreshMatchesForRecords(tx, ids.ws!, CONFIG, [stripe, partXero], 101))).toEqual({ groups: 1, matched: 2, reviewsOpened: 0, reviewsWithdrawn: 0 });
    expect(await q.selectFrom('audit_log').select('id').execute()).toHaveLength(2);
    expect(await t.store.transaction((tx) => refreshMatchesForRecords(tx, ids.ws!, CONFIG, []))).toBeNull();

    const staff = { type: 'staff' as const, id: 'ops@example.test', ip: '10.0.0.1' };
    // A refused decision leaves nothing behind (the transaction rolls back).
    await expect(decideInvoiceMatch(t.store, { workspaceId: ids.ws!, recordA: partXero, recordB: partStripe, decision: 'same', actor: staff, config: CONFIG, reviewId: review!.id + 1000 }, 200)).rejects.toThrow(/No review/);
    expect(await findInvoiceMatchDecision(q, partStripe, partXero)).toBeUndefined();
    await decideInvoiceMatch(t.store, { workspaceId: ids.ws!, recordA: partXero, recordB: partStripe, decision: 'same', actor: staff, config: CONFIG, reviewId: review!.id }, 200);
    expect(await findInvoiceMatchDecision(q, partStripe, partXero)).toEqual({ decision: 'same', decidedBy: 'staff:ops@example.test' });
    expect(await findInvoiceMatchReview(q, ids.ws!, review!.id)).toMatchObject({ status: 'resolved' });
    expect((await listClientInvoiceMatches(q, ids.northwind!)).get(partStripe)).toBe(partXero);
    expect(await q.selectFrom('audit_log').select(['actor_type', 'actor_id', 'ip', 'client_id', 'details']).where('action', '=', 'invoice_match.decided').execute()).toEqual([
      { actor_type: 'staff', actor_id: staff.id, ip: '10.0.0.1', client_id: ids.northwind, details: JSON.stringify({ recordA: partStripe, recordB: partXero, decision: 'same', reviewId: review!.id }) },
    ]);
    await expect(decideInvoiceMatch(t.store, { workspaceId: ids.ws!, recordA: partXero, recordB: partStripe, decision: 'different', actor: staff, config: CONFIG }, 201)).rejects.toThrow(/final/);
    await expect(decideInvoiceMatch(t.store, { workspaceId: ids.other!, recordA: stripe, recordB: xero, decision: 'same', actor: staff, config: CONFIG }, 201)).rejects.toThrow(/not both live invoices/);

    // The Stripe copy moves to another client: matching both clients again dissolves the group.
    await q.updateTable('records').set({ client_id: ids.globex! }).where('id', '=', stripe).execute();
    expect(await t.store.transaction((tx) => refreshMatchesForRecords(tx, ids.ws!, CONFIG, [stripe], 300))).toEqual({ groups: 1, matched: 2, reviewsOpened: 0, reviewsWithdrawn: 0 });
    expect(await listClientInvoiceMatches(q, ids.northwind!)).toEqual(new Map([[partStripe, partXero], [partXero, partXero]]));
    const unmatched = await q.selectFrom('audit_log').select(['action', 'subject_id']).where('at', '=', 300).execute();
    expect(unmatched.sort((x, y) => Number(x.subject_id) - Number(y.subject_id))).toEqual([
      { action: 'invoice.unmatched', subject_id: String(stripe) },
      { action: 'invoice.unmatched', subject_id: String(xero) },
    ]);
  });
});
