import { describe, expect, it } from 'vitest';
import { isWaitingOnClient, type TaskItem } from './load-projects.js';
import { canBePaid, payOptionFor, shownStatus } from './load-invoices.js';
import type { ClientRecord } from '../../src/records/client-records.js';
import type { Invoice } from '../../src/model/unified-model.js';
import { invoiceData } from '../../tests/support/seed-portal-records.js';
import { newestPerProvider } from './load-dashboard-figures.js';

const NOW = Date.parse('2026-11-20T10:00:00Z');

describe('shownStatus', () => {
  it('reads an open invoice past its due day as overdue, and leaves every other status as the provider says', () => {
    expect(shownStatus({ status: 'open', dueDate: '2026-11-19', amountDueMinor: 1 }, NOW)).toBe('overdue');
    expect(shownStatus({ status: 'open', dueDate: '2026-11-20', amountDueMinor: 1 }, NOW)).toBe('open');
    expect(shownStatus({ status: 'open', dueDate: '2026-11-19', amountDueMinor: 0 }, NOW)).toBe('open');
    expect(shownStatus({ status: 'open', dueDate: null, amountDueMinor: 1 }, NOW)).toBe('open');
    expect(shownStatus({ status: 'partially_paid', dueDate: '2020-01-01', amountDueMinor: 1 }, NOW)).toBe('partially_paid');
    expect(shownStatus({ status: 'paid', dueDate: '2020-01-01', amountDueMinor: 0 }, NOW)).toBe('paid');
  });
});

describe('canBePaid', () => {
  const link = { kind: 'link' as const, url: 'https://pay.example/1', provider: 'stripe' };
  it('offers Pay only with a way to pay and money still expected', () => {
    expect(canBePaid({ pay: link, status: 'open', amountDueMinor: 1 })).toBe(true);
    expect(canBePaid({ pay: link, status: 'overdue', amountDueMinor: 1 })).toBe(true);
    expect(canBePaid({ pay: link, status: 'partially_paid', amountDueMinor: 1 })).toBe(true);
    expect(canBePaid({ pay: { kind: 'instructions' }, status: 'open', amountDueMinor: 1 })).toBe(true);
    expect(canBePaid({ pay: link, status: 'paid', amountDueMinor: 0 })).toBe(false);
    expect(canBePaid({ pay: link, status: 'void', amountDueMinor: 1 })).toBe(false);
    expect(canBePaid({ pay: link, status: 'open', amountDueMinor: 0 })).toBe(false);
    expect(canBePaid({ pay: null, status: 'open', amountDueMinor: 1 })).toBe(false);
  });
});

describe('payOptionFor', () => {
  const copy = (provider: string, payUrl: string | null, status: Invoice['status'] = 'open', id = 1) =>
    ({ id, connectionId: id, provider, externalId: `x${id}`, syncedAt: 0, version: 1, data: { ...invoiceData({ status, payUrl }) } }) as ClientRecord<'invoice'>;
  it('takes the first web payment page among the copies, then an online invoice, then instructions', () => {
    expect(payOptionFor([copy('xero', null), copy('stripe', 'https://pay.stripe.example/i', 'open', 2)], 'open', 10, {})).toEqual({ kind: 'link', url: 'https://pay.stripe.example/i', provider: 'stripe' });
    expect(payOptionFor([copy('xero', null, 'open', 3)], 'open', 10, { onlineInvoiceProviders: new Set(['xero']) })).toEqual({ kind: 'online_invoice', recordId: 3, provider: 'xero' });
    expect(payOptionFor([copy('xero', null)], 'open', 10, { hasInstructions: true })).toEqual({ kind: 'instructions' });
    expect(payOptionFor([copy('xero', null)], 'open', 10, {})).toBeNull();
  });
  it('never offers a script or data URL, a void copy’s page, or anything on a settled bill', () => {
    expect(payOptionFor([copy('stripe', 'javascript:alert(1)')], 'open', 10, {})).toBeNull();
    expect(payOptionFor([copy('stripe', 'data:text/html,<b>x</b>')], 'open', 10, {})).toBeNull();
    expect(payOptionFor([copy('stripe', 'https://pay.example/v', 'void')], 'open', 10, {})).toBeNull();
    expect(payOptionFor([copy('stripe', 'https://pay.example/1')], 'paid', 0, { hasInstructions: true })).toBeNull();
    expect(payOptionFor([copy('stripe', 'https://pay.example/1')], 'void', 10, { hasInstructions: true })).toBeNull();
  });
});

describe('isWaitingOnClient', () => {
  const people = {
    emails: new Set(['nancy@northwind.example', 'shared@brightside.example', 'pm@brightside.example']),
    names: new Set(['nancy davolio']),
    staffEmails: new Set(['alex@brightside.example', 'shared@brightside.example']),
    staffNames: new Set(['alex owner']),
    staffDomains: new Set(['brightside.example']),
  };
  const task = (overrides: Partial<TaskItem>): TaskItem => ({ recordId: 1, name: 't', isMilestone: false, phase: null, assigneeName: null, dueDate: null, completed: false, completedAt: null, overdue: false, assigneeEmail: null, forClient: false, approvalStatus: null, ...overrides });
  it('is an open task or pending approval assigned to the client\'s people, or marked for the client', () => {
    expect(isWaitingOnClient(task({ assigneeName: 'Nancy Davolio' }), people)).toBe(true);
    expect(isWaitingOnClient(task({ assigneeName: 'Someone', assigneeEmail: 'NANCY@northwind.example' }), people)).toBe(true);
    expect(isWaitingOnClient(task({ assigneeName: null, forClient: true }), people)).toBe(true);
    expect(isWaitingOnClient(task({ assigneeName: 'Alex Owner', forClient: true }), people)).toBe(true);
    expect(isWaitingOnClient(task({ assigneeName: 'Nancy Davolio', approvalStatus: 'pending' }), people)).toBe(true);
  });
  it('is not an unassigned task, the business\'s staff\'s, a stranger\'s, a done one, a milestone or an answered approval', () => {
    expect(isWaitingOnClient(task({ assigneeName: null }), people)).toBe(false);
    // Listed as the client's contact, but at the business's own organisation domain: staff.
    expect(isWaitingOnClient(task({ assigneeName: 'Pat', assigneeEmail: 'pm@brightside.example' }), people)).toBe(false);
    expect(isWaitingOnClient(task({ assigneeName: '  Alex   OWNER ' }), people)).toBe(false);
    // A freelancer in the Asana workspace, neither the client's contact nor a CRM user.
    expect(isWaitingOnClient(task({ assigneeName: 'Sam Contractor', assigneeEmail: 'sam@freelance.example' }), people)).toBe(false);
    // On both lists: staff wins.
    expect(isWaitingOnClient(task({ assigneeName: 'Shared', assigneeEmail: 'shared@brightside.example' }), people)).toBe(false);
    // A name match does not override an email that says otherwise.
    expect(isWaitingOnClient(task({ assigneeName: 'Nancy Davolio', assigneeEmail: 'nancy.d@brightside.example' }), people)).toBe(false);
    expect(isWaitingOnClient(task({ assigneeName: 'Nancy Davolio', completed: true }), people)).toBe(false);
    expect(isWaitingOnClient(task({ assigneeName: 'Nancy Davolio', isMilestone: true }), people)).toBe(false);
    expect(isWaitingOnClient(task({ assigneeName: 'Nancy Davolio', approvalStatus: 'changes_requested' }), people)).toBe(false);
  });
});

describe('newestPerProvider', () => {
  it('keeps the newest sync of each provider', () => {
    expect(newestPerProvider([{ provider: 'xero', syncedAt: 5 }, { provider: 'stripe', syncedAt: 1 }, { provider: 'xero', syncedAt: 9 }])).toEqual([{ provider: 'xero', syncedAt: 9 }, { provider: 'stripe', syncedAt: 1 }]);
  });
});
