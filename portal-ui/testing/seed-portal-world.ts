/**
 * One client's worth of portal data across providers, shared by the HTTP and browser tests:
 * Northwind (an admin, a member, a billing user; Xero and QuickBooks invoices, payments, an Asana
 * project with tasks) and Globex (another client, whose ids must never open anything for Northwind).
 */
import type { AppContext } from '../../src/app/app-context.js';
import { seedPortalClient, type SeededClient } from '../../tests/support/seed-portal.js';
import { invoiceData, paymentData, projectData, seedConnection, seedPortalUser, seedRecord, taskData } from '../../tests/support/seed-portal-records.js';

export const MINUTE = 60_000;

export interface PortalWorld {
  northwind: SeededClient;
  globex: SeededClient;
  /** Nancy, client_admin of Northwind (the seeded client's own user, made active). */
  adminId: number;
  memberId: number;
  billingId: number;
  connections: { xero: number; quickbooks: number; asana: number };
  invoices: { open: number; partlyPaid: number; paid: number; void: number; draft: number; pastDue: number; deleted: number; quickbooks: number; globex: number };
  invoiceExternalIds: { open: string };
  payments: { full: number; partWithRefund: number; otherConnection: number };
  projects: { live: number; archived: number; globex: number };
  tasks: { designApproved: number; launch: number; brandAssets: number; reviewCopy: number; buildPages: number; internal: number };
}

/** Seeds the world with records synced two minutes before `now`, so freshness reads "2 minutes ago". */
export async function seedPortalWorld(app: AppContext, now: number): Promise<PortalWorld> {
  const synced = now - 2 * MINUTE;
  const northwind = await seedPortalClient(
    app,
    {
      name: 'Northwind Traders',
      user: { email: 'nancy@northwind.example', name: 'Nancy Davolio', status: 'active', role: 'client_admin' },
      owners: [{ externalId: '9001', name: 'Alex Owner', email: 'alex@brightside.example', title: 'Account director' }],
      deals: [{ name: 'Website rebuild', amountMinor: 4_800_000, currency: 'USD', closeDate: '2024-03-31', ownerExternalId: '9001' }],
    },
    synced,
  );
  const globex = await seedPortalClient(app, { name: 'Globex Consulting', user: { email: 'hank@globex.example', name: 'Hank Scorpio', status: 'active' } }, synced);
  const memberId = (await seedPortalUser(app, northwind.clientId, { email: 'mike@northwind.example', name: 'Mike Member', role: 'member' }, synced)).userId;
  const billingId = (await seedPortalUser(app, northwind.clientId, { email: 'bella@northwind.example', name: 'Bella Billing', role: 'billing' }, synced)).userId;

  const xero = await seedConnection(app, 'xero', 'seed', synced);
  const quickbooks = await seedConnection(app, 'quickbooks', 'seed', synced);
  const asana = await seedConnection(app, 'asana', 'seed', synced);
  const nw = northwind.clientId;
  const invoice = (connectionId: number, provider: string, data: Parameters<typeof invoiceData>[0], clientId = nw, deleted = false) =>
    seedRecord(app, { connectionId, provider, kind: 'invoice', clientId, data: invoiceData(data), deleted }, synced);

  const open = await invoice(xero, 'xero', { number: 'INV-001', payUrl: 'https://pay.example/inv-001' });
  const partlyPaid = await invoice(xero, 'xero', { number: 'INV-002', status: 'partially_paid', currency: 'EUR', issueDate: '2026-10-20', dueDate: '2026-11-25', subtotalMinor: 50_000, taxMinor: 0, totalMinor: 50_000, amountDueMinor: 30_000, payUrl: 'https://pay.example/inv-002', lines: [{ description: 'Hosting', quantity: 1, unitAmountMinor: 50_000, amountMinor: 50_000 }] });
  const paid = await invoice(xero, 'xero', { number: 'INV-003', status: 'paid', issueDate: '2026-10-01', dueDate: '2026-10-31', subtotalMinor: 80_000, taxMinor: 0, totalMinor: 80_000, amountDueMinor: 0, payUrl: 'https://pay.example/inv-003' });
  const voided = await invoice(xero, 'xero', { number: 'INV-004', status: 'void', issueDate: '2026-09-01', amountDueMinor: 0 });
  const draft = await invoice(xero, 'xero', { number: 'INV-005-DRAFT', status: 'draft', issueDate: '2026-11-19' });
  const pastDue = await invoice(xero, 'xero', { number: 'INV-006', currency: 'JPY', issueDate: '2026-10-02', dueDate: '2026-11-01', subtotalMinor: 125_000, taxMinor: 0, totalMinor: 125_000, amountDueMinor: 125_000, lines: [{ description: 'Tokyo storefront', quantity: 1, unitAmountMinor: 125_000, amountMinor: 125_000 }] });
  const deleted = await invoice(xero, 'xero', { number: 'INV-007-DELETED' }, nw, true);
  const qb = await invoice(quickbooks, 'quickbooks', { number: 'QB-100', issueDate: '2026-11-05', dueDate: '2026-12-05', subtotalMinor: 10_000, taxMinor: 0, totalMinor: 10_000, amountDueMinor: 10_000 });
  const glx = await invoice(xero, 'xero', { number: 'GLX-1', payUrl: 'https://pay.example/glx' }, globex.clientId);

  const full = await seedRecord(app, { connectionId: xero, provider: 'xero', kind: 'payment', clientId: nw, data: paymentData({ amountMinor: 80_000, paidAt: '2026-10-30', invoiceExternalIds: [paid.externalId] }) }, synced);
  const partWithRefund = await seedRecord(app, { connectionId: xero, provider: 'xero', kind: 'payment', clientId: nw, data: paymentData({ amountMinor: 20_000, currency: 'EUR', paidAt: '2026-11-18', refundedMinor: 5_000, method: 'Card', invoiceExternalIds: [partlyPaid.externalId] }) }, synced);
  // Names INV-001's external id, but in another connection: it is not a payment of INV-001.
  const otherConnection = await seedRecord(app, { connectionId: quickbooks, provider: 'quickbooks', kind: 'payment', clientId: nw, data: paymentData({ amountMinor: 999, paidAt: '2026-11-02', invoiceExternalIds: [open.externalId] }) }, synced);

  const live = await seedRecord(app, { connectionId: asana, provider: 'asana', kind: 'project', clientId: nw, data: projectData() }, synced);
  const archived = await seedRecord(app, { connectionId: asana, provider: 'asana', kind: 'project', clientId: nw, data: projectData({ name: 'Old brochure site', archived: true, statusColor: 'complete', statusText: null, percentComplete: 100 }) }, synced);
  const globexProject = await seedRecord(app, { connectionId: asana, provider: 'asana', kind: 'project', clientId: globex.clientId, data: projectData({ name: 'Globex secret project' }) }, synced);
  const task = async (data: Parameters<typeof taskData>[0], project = live) =>
    (await seedRecord(app, { connectionId: asana, provider: 'asana', kind: 'task', clientId: nw, data: taskData({ projectExternalId: project.externalId, ...data }) }, synced)).recordId;
  const tasks = {
    launch: await task({ name: 'Launch', isMilestone: true, phase: 'Build', dueDate: '2027-01-15', assigneeName: 'Alex Owner' }),
    designApproved: await task({ name: 'Design approved', isMilestone: true, phase: 'Design', dueDate: '2026-11-10', completed: true, completedAt: '2026-11-09T16:00:00Z' }),
    brandAssets: await task({ name: 'Send brand assets', phase: 'Design', dueDate: '2026-11-18', assigneeName: null, forClient: true }),
    reviewCopy: await task({ name: 'Review copy', phase: 'Content', dueDate: '2026-12-10', assigneeName: 'Nancy Davolio' }),
    buildPages: await task({ name: 'Build pages', phase: 'Build', dueDate: '2026-12-20', assigneeName: 'Alex Owner' }),
    internal: await task({ name: 'Internal budget review', phase: 'Design', dueDate: '2026-11-15', clientVisible: false, assigneeName: null }),
  };

  return {
    northwind,
    globex,
    adminId: northwind.userId,
    memberId,
    billingId,
    connections: { xero, quickbooks, asana },
    invoices: { open: open.recordId, partlyPaid: partlyPaid.recordId, paid: paid.recordId, void: voided.recordId, draft: draft.recordId, pastDue: pastDue.recordId, deleted: deleted.recordId, quickbooks: qb.recordId, globex: glx.recordId },
    invoiceExternalIds: { open: open.externalId },
    payments: { full: full.recordId, partWithRefund: partWithRefund.recordId, otherConnection: otherConnection.recordId },
    projects: { live: live.recordId, archived: archived.recordId, globex: globexProject.recordId },
    tasks,
  };
}
