/**
 * Builds a real app on a temporary SQLite file and seeds what the portal shows: clients, a CRM
 * connection, won deals and their owners, portal users and their invitation tokens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { closeAppContext, createAppContext, type AppContextOverrides } from '../../src/app/create-app-context.js';
import type { AppContext } from '../../src/app/app-context.js';
import { silentLogger } from '../../src/logging/logger.js';
import { writeTransaction } from '../../src/db/open-database.js';
import { seedConnectionRow } from './seed-connection-row.js';
import { upsertRecordSync } from './upsert-record-sync.js';
import { linkFixtureRecord } from './link-fixture-record.js';
import { seedAuthToken } from './seed-auth-rows.js';
import type { Deal, TeamMember } from '../../src/model/unified-model.js';

/** 48 characters, as a production key would be at least. */
export const PORTAL_TEST_SECRET_KEY = 'portal-test-secret-key-0123456789-abcdefghijklmn';

export interface PortalTestApp {
  app: AppContext;
  dataDir: string;
  dispose(): Promise<void>;
}

export async function createPortalTestApp(env: Record<string, string> = {}, overrides: AppContextOverrides = {}): Promise<PortalTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-portal-'));
  // cwd = the temp dir, so a config/clienthub.json in the checkout cannot leak into tests.
  const config = loadConfig(
    {
      CLIENTHUB_DATA_DIR: dataDir,
      CLIENTHUB_SECRET_KEY: PORTAL_TEST_SECRET_KEY,
      CLIENTHUB_BUSINESS_NAME: 'Brightside Agency',
      PUBLIC_URL: 'http://127.0.0.1:3000',
      ...env,
    },
    dataDir,
  );
  const app = await createAppContext(config, { logger: silentLogger, sleep: async () => {}, ...overrides });
  return {
    app,
    dataDir,
    async dispose() {
      await closeAppContext(app);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SeedOwner {
  externalId: string;
  name: string;
  email: string | null;
  title?: string | null;
}

export interface SeedDeal {
  externalId?: string;
  name: string;
  amountMinor?: number | null;
  currency?: string | null;
  closeDate?: string | null;
  stageLabel?: string | null;
  ownerExternalId?: string | null;
  /** Defaults to true: the portal shows won deals. */
  isWon?: boolean;
  deleted?: boolean;
}

export interface SeedClientInput {
  name: string;
  status?: 'active' | 'offboarded';
  user: { email: string; name: string; status?: 'invited' | 'active' | 'disabled'; role?: 'client_admin' | 'member' | 'billing' };
  deals?: SeedDeal[];
  /** Team members (CRM owners) to cache in the connection; shared by every client of it. */
  owners?: SeedOwner[];
  /** Connection label; clients seeded with the same label share one connection. */
  connectionLabel?: string;
}

export interface SeededClient {
  clientId: number;
  userId: number;
  connectionId: number;
  /** Record ids of the deals, in the order given. */
  dealIds: number[];
  ownerIds: Record<string, number>;
  /** A live invitation token for the user (the link is /auth/link/<token>). */
  invitationToken: string;
}

let externalCounter = 1000;

export function seedPortalClient(app: AppContext, input: SeedClientInput, now = Date.now()): SeededClient {
  return writeTransaction(app.db, () => {
    const connection = { id: seedConnectionRow(app, { provider: 'hubspot', label: input.connectionLabel ?? 'seed', credentials: { accessToken: 'pat-seed' } }, now) };
    const client = app.db
      .prepare(`INSERT INTO clients (workspace_id, name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`)
      .get(app.workspaceId, input.name, input.status ?? 'active', now, now) as { id: number };

    const ownerIds: Record<string, number> = {};
    for (const owner of input.owners ?? []) {
      const data: TeamMember = { name: owner.name, email: owner.email, title: owner.title ?? null };
      ownerIds[owner.externalId] = upsertRecordSync(
        app.db,
        { workspaceId: app.workspaceId, connectionId: connection.id, provider: 'hubspot', objectType: 'owners', externalId: owner.externalId, kind: 'team_member', data, raw: { id: owner.externalId, ...data }, sourceUpdatedAt: now, deleted: false },
        now,
      ).recordId;
    }

    const dealIds = (input.deals ?? []).map((deal) => {
      const externalId = deal.externalId ?? String(externalCounter++);
      const isWon = deal.isWon ?? true;
      const data: Deal = {
        name: deal.name,
        amountMinor: deal.amountMinor ?? null,
        currency: deal.currency ?? null,
        pipelineId: 'default',
        stageId: isWon ? 'closedwon' : 'appointmentscheduled',
        stageLabel: deal.stageLabel ?? (isWon ? 'Closed won' : 'Appointment scheduled'),
        isClosed: isWon,
        isWon,
        closeDate: deal.closeDate ?? null,
        ownerExternalId: deal.ownerExternalId ?? null,
        companyExternalIds: [],
        contactExternalIds: [],
      };
      const { recordId } = upsertRecordSync(
        app.db,
        { workspaceId: app.workspaceId, connectionId: connection.id, provider: 'hubspot', objectType: 'deals', externalId, kind: 'deal', data, raw: { id: externalId, ...data }, sourceUpdatedAt: now, deleted: deal.deleted ?? false },
        now,
      );
      linkFixtureRecord(app.db, recordId, client.id);
      return recordId;
    });

    const user = app.db
      .prepare(`INSERT INTO portal_users (workspace_id, client_id, email, name, role, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`)
      .get(app.workspaceId, client.id, input.user.email, input.user.name, input.user.role ?? 'client_admin', input.user.status ?? 'invited', now) as { id: number };
    const invitationToken = seedAuthToken(app.db, app.keyring.signingKey, user.id, 'invitation', now);
    return { clientId: client.id, userId: user.id, connectionId: connection.id, dealIds, ownerIds, invitationToken };
  });
}
