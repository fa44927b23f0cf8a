import { describe, expect, it } from 'vitest';
import { can, canAnswerApprovals, canUseMessages, CAPABILITIES, navigationFor, PORTAL_ROLES, visibleKinds, type Capability, type PortalRole } from './portal-permissions.js';

/** The whole matrix, written out by hand: a change to a grant must change this table too. */
const EXPECTED: Record<Capability, Record<PortalRole, boolean>> = {
  view_dashboard: { client_admin: true, member: true, billing: true },
  view_engagements: { client_admin: true, member: false, billing: true },
  view_projects: { client_admin: true, member: true, billing: false },
  view_activity: { client_admin: true, member: true, billing: false },
  view_invoices: { client_admin: true, member: false, billing: true },
  download_invoice_pdf: { client_admin: true, member: false, billing: true },
  pay_invoice: { client_admin: true, member: false, billing: true },
  view_payments: { client_admin: true, member: false, billing: true },
  view_money_figures: { client_admin: true, member: false, billing: true },
  view_team: { client_admin: true, member: true, billing: true },
  manage_team: { client_admin: true, member: false, billing: false },
  view_requests: { client_admin: true, member: true, billing: false },
  open_request: { client_admin: true, member: true, billing: false },
  manage_own_sessions: { client_admin: true, member: true, billing: true },
  manage_own_account: { client_admin: true, member: true, billing: true },
  view_approvals: { client_admin: true, member: true, billing: false },
  view_documents: { client_admin: true, member: true, billing: true },
  upload_documents: { client_admin: true, member: true, billing: false },
  view_messages: { client_admin: true, member: true, billing: false },
};

describe('portal permissions', () => {
  for (const capability of CAPABILITIES) {
    for (const role of PORTAL_ROLES) {
      it(`${role} ${EXPECTED[capability][role] ? 'may' : 'may not'} ${capability}`, () => {
        expect(can(role, capability)).toBe(EXPECTED[capability][role]);
      });
    }
  }

  it('covers every capability in the expected table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...CAPABILITIES].sort());
  });

  it('gives an unknown role nothing', () => {
    for (const capability of CAPABILITIES) expect(can('owner', capability)).toBe(false);
    expect(can('', 'view_dashboard')).toBe(false);
    expect(visibleKinds('superuser')).toEqual([]);
    expect(navigationFor('superuser', 1)).toEqual([]);
  });

  it('lets each role see only its kinds of records', () => {
    expect(visibleKinds('client_admin').sort()).toEqual(['deal', 'invoice', 'payment', 'project', 'request', 'request_message', 'task']);
    expect(visibleKinds('member').sort()).toEqual(['project', 'request', 'request_message', 'task']);
    expect(visibleKinds('billing').sort()).toEqual(['deal', 'invoice', 'payment']);
  });

  it('offers in the navigation only the pages a role may open', () => {
    expect(navigationFor('client_admin', 7).map((i) => i.href)).toEqual(['/clients/7', '/projects', '/invoices', '/payments', '/approvals', '/messages', '/documents', '/activity', '/requests', '/team', '/account/sessions']);
    expect(navigationFor('member', 7).map((i) => i.label)).toEqual(['Dashboard', 'Projects', 'Approvals', 'Messages', 'Documents', 'Activity', 'Requests', 'Team', 'Your sessions']);
    expect(navigationFor('billing', 7).map((i) => i.label)).toEqual(['Dashboard', 'Invoices', 'Payments', 'Documents', 'Team', 'Your sessions']);
  });

  it('lets admin and member use Messages, billing only when the workspace allows it', () => {
    expect(PORTAL_ROLES.map((role) => canUseMessages(role, false))).toEqual([true, true, false]);
    expect(PORTAL_ROLES.map((role) => canUseMessages(role, true))).toEqual([true, true, true]);
    expect(canUseMessages('superuser', true)).toBe(false);
    expect(navigationFor('billing', 7, undefined, { billingMessages: true }).map((i) => i.label)).toContain('Messages');
  });

  it('lets only the configured roles answer approvals (administrators by default), never billing', () => {
    expect(canAnswerApprovals('client_admin', ['client_admin'])).toBe(true);
    expect(canAnswerApprovals('member', ['client_admin'])).toBe(false);
    expect(canAnswerApprovals('member', ['client_admin', 'member'])).toBe(true);
    expect(canAnswerApprovals('billing', ['client_admin', 'member', 'billing'])).toBe(false);
    expect(canAnswerApprovals('owner', ['owner'])).toBe(false);
  });
});
