/**
 * Seeds what the portal's own pages show beyond deals: records of any kind from any provider (each
 * provider gets its own connection), portal users with roles, and sessions for signing in directly.
 */
import type { AppContext } from '../../src/app/app-context.js';
import { saveConnection } from '../../src/connections/connection-repository.js';
import { upsertRecord } from '../../src/records/upsert-record.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import { createAuthToken } from '../../src/auth/create-auth-token.js';
import { createSession } from '../../src/auth/create-session.js';
import { recordSchemas, type Invoice, type Payment, type Project, type RecordData, type RecordKind, type Task } from '../../src/model/unified-model.js';
import type { Connector, ConnectorContext, ProviderDocument } from '../../src/connector-kit/connector.js';
import type { ConnectorRegistry } from '../../src/connector-kit/registry.js';
import { PortalHttpClient } from './portal-http-client.js';
import { defineSettings } from '../../src/connector-kit/define-settings.js';

export async function seedConnection(app: AppContext, provider: string, label = 'seed', now = Date.now()): Promise<number> {
  const connection = await saveConnection(app.store.db, app.keyring, { workspaceId: app.workspaceId, provider, label, authType: 'token', credentials: { accessToken: `${provider}-token` }, settings: {} }, now);
  return connection.id;
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
export async function seedRecord<K extends RecordKind>(app: AppContext, input: SeedRecordInput<K>, now = Date.now()): Promise<{ recordId: number; externalId: string }> {
  const data = recordSchemas[input.kind].parse(input.data) as RecordData<K>;
  const externalId = input.externalId ?? `ext-${counter++}`;
  return app.store.transaction(async (tx) => {
    const { recordId } = await upsertRecord(
      tx,
      { workspaceId: app.workspaceId, connectionId: input.connectionId, provider: input.provider, objectType: input.kind, externalId, kind: input.kind, data, raw: { externalId, ...data }, sourceUpdatedAt: input.sourceUpdatedAt ?? now, deleted: input.deleted ?? false },
      now,
    );
    if (input.clientId !== null) await updateRecordClient(tx, recordId, input.clientId);
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

export async function seedPortalUser(
  app: AppContext,
  clientId: number,
  user: { email: string; name: string; role: 'client_admin' | 'member' | 'billing'; status?: 'invited' | 'active' | 'disabled' },
  now = Date.now(),
): Promise<{ userId: number; invitationToken: string }> {
  return app.store.transaction(async (tx) => {
    const row = await tx
      .insertInto('portal_users')
      .values({ workspace_id: app.workspaceId, client_id: clientId, email: user.email, name: user.name, role: user.role, status: user.status ?? 'active', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userId = Number(row.id);
    return { userId, invitationToken: await createAuthToken(tx, app.keyring.signingKey, userId, 'invitation', now) };
  });
}

/** A browser already signed in as this (active) user: a real session row, its cookie, and its CSRF token. */
export async function signedInClient(app: AppContext, baseUrl: string, userId: number, now: number, userAgent = 'vitest-browser'): Promise<{ client: PortalHttpClient; csrf: string }> {
  const session = await createSession(app.store.db, app.keyring.signingKey, { userId, userAgent, ip: '127.0.0.1' }, now);
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
