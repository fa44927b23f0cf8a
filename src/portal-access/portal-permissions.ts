import type { RecordKind } from '../model/unified-model.js';
import { moduleAllows, type PortalModule } from './available-modules.js';

/**
 * Every rule about who may see or do what in the portal, in one place. Routes ask `can(role, capability)`
 * and loaders ask `visibleKinds(role)`; nothing else in the portal decides access by role.
 *
 * - client_admin: everything of their client, and manages colleagues.
 * - member: projects, activity, requests and messages (no invoices, payments, or money figures).
 * - billing: invoices, payments and the dashboard's money figures (no projects, activity or
 *   requests: a request thread can discuss the work itself, so it follows the projects rule; no
 *   messages either, unless the workspace allows them: PORTAL_BILLING_MESSAGES, canUseMessages).
 * Requests (support tickets and cases, issue 16) are seen and opened by admins and members.
 * Everyone sees the dashboard (with only the sections their role allows), their account team,
 * the list of colleagues, and their own sessions.
 *
 * A page a role may not open answers exactly like a page that does not exist (404), never 403:
 * a 403 on /invoices/123 would confirm that invoice 123 exists and belongs to this client, and one
 * answer for "not there", "not yours" and "not for your role" means no probing of ids or roles
 * learns anything. The navigation offers only allowed pages, so a person meets this 404 only by
 * typing or pasting an address.
 */
export const PORTAL_ROLES = ['client_admin', 'member', 'billing'] as const;
export type PortalRole = (typeof PORTAL_ROLES)[number];

export const CAPABILITIES = [
  'view_dashboard',
  /** Won deals (engagements) carry contract values: commercial, so not for members. */
  'view_engagements',
  'view_projects',
  'view_activity',
  'view_invoices',
  'download_invoice_pdf',
  'pay_invoice',
  'view_payments',
  /** Amount due, next due date, last payment on the dashboard. */
  'view_money_figures',
  'view_team',
  'manage_team',
  /** The client's support requests (CRM tickets / cases) and their visible replies. */
  'view_requests',
  /** Opening a request or replying from the portal (it becomes a ticket or case in the CRM). */
  'open_request',
  'manage_own_sessions',
  /** Profile, notification preferences, password and two-factor. */
  'manage_own_account',
  /** Approvals (Asana approval tasks the client may see) and their answers: project work. */
  'view_approvals',
  /** Documents from the business's tools: listed per source kind by visibleKinds' rules (documents-access.ts). */
  'view_documents',
  /** Send a file to the team (lands on the project's conversation task): project work. */
  'upload_documents',
  /**
   * Messages: each project's client conversation (Asana: comments on its client-conversation task
   * only) and writing to it. Project work: admin and member; billing sees none unless the workspace
   * allows it (PORTAL_BILLING_MESSAGES, canUseMessages).
   */
  'view_messages',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const EVERYONE: Capability[] = ['view_dashboard', 'view_team', 'manage_own_sessions', 'manage_own_account', 'view_documents'];
const MONEY: Capability[] = ['view_engagements', 'view_invoices', 'download_invoice_pdf', 'pay_invoice', 'view_payments', 'view_money_figures'];
const WORK: Capability[] = ['view_projects', 'view_activity', 'view_requests', 'open_request', 'view_approvals', 'upload_documents', 'view_messages'];

const GRANTS: Record<PortalRole, ReadonlySet<Capability>> = {
  client_admin: new Set<Capability>([...EVERYONE, ...MONEY, ...WORK, 'manage_team']),
  member: new Set<Capability>([...EVERYONE, ...WORK]),
  billing: new Set<Capability>([...EVERYONE, ...MONEY]),
};

export function isPortalRole(value: unknown): value is PortalRole {
  return typeof value === 'string' && (PORTAL_ROLES as readonly string[]).includes(value);
}

/** Unknown roles (a future value in the database) get nothing: fail closed. */
export function can(role: string, capability: Capability): boolean {
  return isPortalRole(role) && GRANTS[role].has(capability);
}

/** The record kinds a role may see anywhere (activity timeline included). */
export function visibleKinds(role: string): RecordKind[] {
  const kinds: RecordKind[] = [];
  if (can(role, 'view_projects')) kinds.push('project', 'task');
  if (can(role, 'view_engagements')) kinds.push('deal');
  if (can(role, 'view_invoices')) kinds.push('invoice');
  if (can(role, 'view_payments')) kinds.push('payment');
  if (can(role, 'view_requests')) kinds.push('request', 'request_message');
  return kinds;
}

export const ROLE_LABELS: Record<PortalRole, string> = {
  client_admin: 'Administrator',
  member: 'Member',
  billing: 'Billing',
};

export const ROLE_DESCRIPTIONS: Record<PortalRole, string> = {
  client_admin: 'sees everything and manages colleagues',
  member: 'sees projects and activity',
  billing: 'sees invoices, payments and amounts due',
};

export function roleLabel(role: string): string {
  return isPortalRole(role) ? ROLE_LABELS[role] : role;
}

export interface NavItem {
  key: string;
  label: string;
  href: string;
}

/**
 * The navigation a role gets: only pages it may open, and only of modules the business uses
 * (see available-modules.ts; all of them when not given).
 */
export function navigationFor(role: string, clientId: number, modules?: ReadonlySet<PortalModule>, options: { billingMessages?: boolean } = {}): NavItem[] {
  const items: { key: string; label: string; href: string; capability: Capability }[] = [
    { key: 'dashboard', label: 'Dashboard', href: `/clients/${clientId}`, capability: 'view_dashboard' },
    { key: 'projects', label: 'Projects', href: '/projects', capability: 'view_projects' },
    { key: 'invoices', label: 'Invoices', href: '/invoices', capability: 'view_invoices' },
    { key: 'payments', label: 'Payments', href: '/payments', capability: 'view_payments' },
    { key: 'approvals', label: 'Approvals', href: '/approvals', capability: 'view_approvals' },
    { key: 'messages', label: 'Messages', href: '/messages', capability: 'view_messages' },
    { key: 'documents', label: 'Documents', href: '/documents', capability: 'view_documents' },
    { key: 'activity', label: 'Activity', href: '/activity', capability: 'view_activity' },
    { key: 'requests', label: 'Requests', href: '/requests', capability: 'view_requests' },
    { key: 'team', label: 'Team', href: '/team', capability: 'view_team' },
    { key: 'sessions', label: 'Your sessions', href: '/account/sessions', capability: 'manage_own_sessions' },
  ];
  const allowed = (capability: Capability) => (capability === 'view_messages' ? canUseMessages(role, options.billingMessages === true) : can(role, capability));
  return items.filter((item) => allowed(item.capability) && (!modules || moduleAllows(item.capability, modules))).map(({ key, label, href }) => ({ key, label, href }));
}

/**
 * Who may read and write Messages: admin and member (project work); billing only when the
 * workspace allows it (PORTAL_BILLING_MESSAGES), since a conversation is about the projects.
 */
export function canUseMessages(role: string, billingMessages: boolean): boolean {
  return can(role, 'view_messages') || (billingMessages && role === 'billing');
}

/**
 * Who may answer an approval: a role that sees approvals and that the workspace names in
 * PORTAL_APPROVAL_ROLES (administrators only by default). Not a static grant, so it is asked here,
 * beside `can`, and shown in the role matrix (README).
 */
export function canAnswerApprovals(role: string, approvalRoles: readonly string[]): boolean {
  return can(role, 'view_approvals') && approvalRoles.includes(role);
}
