/**
 * Seeds what the portal's own pages show beyond deals: records of any kind from any provider (each
 * provider gets its own connection), portal users with roles, and sessions for signing in directly.
 */
import type { AppContext } from '../../src/app/app-context.js';
import { writeTransaction } from '../../src/db/open-database.js';
import { seedConnectionRow } from './seed-connection-row.js';
import { upsertRecordSync } from './upsert-record-sync.js';
import { linkFixtureRecord } from './link-fixture-record.js';
import { seedAuthToken, seedSession } from './seed-auth-rows.js';
import { recordSchemas, type Invoice, type Payment, type Project, type RecordData, type RecordKind, type Task } from '../../src/model/unified-model.js';
import type { Connector, ConnectorContext, ProviderDocument } from '../../src/connector-kit/connector.js';
import type { ConnectorRegistry } from '../../src/connector-kit/registry.js';
import { PortalHttpClient } from './portal-http-client.js';
import { defineSettings } from '../../src/connector-kit/define-settings.js';

export function seedConnection(app: AppContext, provider: string, label = 'seed', now = Date.now()): number {
  return seedConnectionRow(app, { provider, label, credentials: { accessToken: `${provider}-token` } }, now);
}

let counter = 5000;

export interface SeedRecordInput<K extends RecordKind> {
  connectionId: number;
  provider: string;
  kind: K;
  data: RecordData<K>;
  clientId: number | null;
  externalId?: string;
  deleted?: boolean;
  /** Provider's updated-at; a later value makes an update (a new record_changes row). */
  sourceUpdatedAt?: number;
}

/** Writes one record through the real upsert (validated against the unified model first) and links it to its client. */
export function seedRecord<K extends RecordKind>(app: AppContext, input: SeedRecordInput<K>, now = Date.now()): { recordId: number; externalId: string } {
  const data = recordSchemas[input.kind].parse(input.data) as RecordData<K>;
  const externalId = input.externalId ?? `ext-${counter++}`;
  return writeTransaction(app.db, () => {
    const { recordId } = upsertRecordSync(
      app.db,
      { workspaceId: app.workspaceId, connectionId: input.connectionId, provider: input.provider, objectType: input.kind, externalId, kind: input.kind, data, raw: { externalId, ...data }, sourceUpdatedAt: input.sourceUpdatedAt ?? now, deleted: input.deleted ?? false },
      now,
    );
    if (input.clientId !== null) linkFixtureRecord(app.db, recordId, input.clientId);
    return { recordId, externalId };
  });
}

export function invoiceData(overrides: Partial<Invoice> = {}): Invoice {
  return {
    number: 'INV-0001', status: 'open', issueDate: '2026-11-01', dueDate: '2026-12-01', currency: 'USD',
    subtotalMinor: 100_000, taxMinor: 20_000, totalMinor: 120_000, amountDueMinor: 120_000,
    payUrl: null, pdfAvailable: true, customerExternalId: null,
    lines: [{ description: 'Design sprint', quantity: 2, unitAmountMinor: 50_000, amountMinor: 100_000 }],
    ...overrides,
  };
}

export function paymentData(overrides: Partial<Payment> = {}): Payment {
  return { amountMinor: 50_000, currency: 'USD', paidAt: '2026-11-10', refundedMinor: 0, method: 'Bank transfer', customerExternalId: null, invoiceExternalIds: [], allocations: [], creditAllocations: [], ...overrides };
}

export function projectData(overrides: Partial<Project> = {}): Project {
  return { name: 'Website rebuild', ownerName: 'Alex Owner', dueDate: '2027-02-01', percentComplete: null, statusColor: 'green', statusText: 'Design signed off', archived: false, ...overrides };
}

export function taskData(overrides: Partial<Task> = {}): Task {
  return { projectExternalId: null, name: 'Task', isMilestone: false, phase: 'Design', assigneeName: 'Alex Owner', dueDate: '2026-12-01', completed: false, completedAt: null, clientVisible: true, assigneeEmail: null, forClient: false, approvalStatus: null, ...overrides };
}

export function seedPortalUser(
  app: AppContext,
  clientId: number,
  user: { email: string; name: string; role: 'client_admin' | 'member' | 'billing'; status?: 'invited' | 'active' | 'disabled' },
  now = Date.now(),
): { userId: number; invitationToken: string } {
  return writeTransaction(app.db, () => {
    const { id } = app.db
      .prepare(`INSERT INTO portal_users (workspace_id, client_id, email, name, role, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`)
      .get(app.workspaceId, clientId, user.email, user.name, user.role, user.status ?? 'active', now) as { id: number };
    return { userId: id, invitationToken: seedAuthToken(app.db, app.keyring.signingKey, id, 'invitation', now) };
  });
}

/** A browser already signed in as this (active) user: a real session row, its cookie, and its CSRF token. */
export function signedInClient(app: AppContext, baseUrl: string, userId: number, now: number, userAgent = 'vitest-browser'): { client: PortalHttpClient; csrf: string } {
  const session = seedSession(app.db, app.keyring.signingKey, { userId, userAgent, ip: '127.0.0.1' }, now);
  const client = new PortalHttpClient(baseUrl);
  client.cookies.set('clienthub_session', session.sessionId);
  return { client, csrf: session.csrfToken };
}

export interface FakePdfCall {
  connectionId: number;
  externalId: string;
  token: string;
}

const FAKE_KINDS: Record<string, Connector['objectTypeForKind']> = {
  xero: { invoice: 'Invoice', payment: 'Payment' },
  quickbooks: { invoice: 'Invoice', payment: 'Payment' },
  stripe: { invoice: 'Invoice', payment: 'PaymentIntent' },
  asana: { project: 'Project', task: 'Task' },
};

/** The billing role the real connector declares: which copy of a mirrored bill is shown by default. */
const FAKE_BILLING_ROLES: Record<string, Connector['billingRole']> = { xero: 'books', quickbooks: 'books', stripe: 'payments' };

/**
 * A connector standing in for a provider in portal tests: it lists nothing, and (when given a
 * document) renders invoice PDFs, recording each call with the connection and token it was given.
 */
export function fakeConnector(provider: string, displayName: string, pdf?: (externalId: string) => ProviderDocument): Connector & { pdfCalls: FakePdfCall[] } {
  const pdfCalls: FakePdfCall[] = [];
  const connector: Connector & { pdfCalls: FakePdfCall[] } = {
    provider,
    displayName,
    settings: defineSettings({ provider, displayName, variables: {} }),
    environment: { baseUrl: `${provider.toUpperCase()}_BASE_URL` },
    objectTypes: [],
    // The record kinds the real provider maps: the portal offers a module when a connection provides it.
    objectTypeForKind: FAKE_KINDS[provider] ?? {},
    ...(FAKE_BILLING_ROLES[provider] ? { billingRole: FAKE_BILLING_ROLES[provider] } : {}),
    mappings: [],
    fromEnvironment: () => null,
    // eslint-disable-next-line require-yield
    async *pull() {
      return;
    },
    fetchByIds: async () => [],
    pdfCalls,
  };
  if (pdf) {
    connector.invoicePdf = async (ctx: ConnectorContext, externalId: string) => {
      pdfCalls.push({ connectionId: ctx.connectionId, externalId, token: await ctx.getAccessToken() });
      return pdf(externalId);
    };
  }
  return connector;
}

/** The given connectors, in place of any real ones of the same provider. */
export function registryOf(connectors: Connector[]): ConnectorRegistry {
  const byProvider = new Map(connectors.map((c) => [c.provider, c]));
  return {
    get(provider) {
      const connector = byProvider.get(provider);
      if (!connector) throw new Error(`No connector for provider "${provider}"`);
      return connector;
    },
    has: (provider) => byProvider.has(provider),
    all: () => [...byProvider.values()],
  };
}
