import { describe, expect, it } from 'vitest';
import { isWaitingOnClient, type TaskItem } from './load-projects.js';
import { canBePaid, shownStatus } from './load-invoices.js';
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
  it('offers Pay only with a payment page and money still expected', () => {
    expect(canBePaid({ payUrl: 'https://pay.example/1', status: 'open' })).toBe(true);
    expect(canBePaid({ payUrl: 'https://pay.example/1', status: 'overdue' })).toBe(true);
    expect(canBePaid({ payUrl: 'https://pay.example/1', status: 'partially_paid' })).toBe(true);
    expect(canBePaid({ payUrl: 'https://pay.example/1', status: 'paid' })).toBe(false);
    expect(canBePaid({ payUrl: 'https://pay.example/1', status: 'void' })).toBe(false);
    expect(canBePaid({ payUrl: null, status: 'open' })).toBe(false);
    expect(canBePaid({ payUrl: 'javascript:alert(1)', status: 'open' })).toBe(false);
    expect(canBePaid({ payUrl: 'data:text/html,<b>x</b>', status: 'open' })).toBe(false);
  });
});

describe('isWaitingOnClient', () => {
  const people = {
    emails: new Set(['nancy@northwind.example', 'shared@brightside.example']),
    names: new Set(['nancy davolio']),
    staffEmails: new Set(['alex@brightside.example', 'shared@brightside.example']),
    staffNames: new Set(['alex owner']),
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
