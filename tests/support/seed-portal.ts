/**
 * Builds a real app on the suite's engine (a temporary SQLite file, or a throw-away PostgreSQL
 * database: TEST_ENGINE) and seeds what the portal shows: clients, a CRM
 * connection, won deals and their owners, portal users and their invitation tokens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { closeAppContext, createAppContext, type AppContextOverrides } from '../../src/app/create-app-context.js';
import type { AppContext } from '../../src/app/app-context.js';
import { silentLogger } from '../../src/logging/logger.js';
import { saveConnection } from '../../src/connections/connection-repository.js';
import { upsertRecord } from '../../src/records/upsert-record.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import { createAuthToken } from '../../src/auth/create-auth-token.js';
import { testEngineEnv } from './store-engines.js';
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
  const engine = await testEngineEnv();
  // cwd = the temp dir, so a config/clienthub.json in the checkout cannot leak into tests.
  const config = loadConfig(
    {
      CLIENTHUB_DATA_DIR: dataDir,
      CLIENTHUB_SECRET_KEY: PORTAL_TEST_SECRET_KEY,
      CLIENTHUB_BUSINESS_NAME: 'Brightside Agency',
      PUBLIC_URL: 'http://127.0.0.1:3000',
      ...engine.env,
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
      await engine.drop();
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

export async function seedPortalClient(app: AppContext, input: SeedClientInput, now = Date.now()): Promise<SeededClient> {
  return app.store.transaction(async (tx) => {
    const connection = await saveConnection(
      tx,
      app.keyring,
      { workspaceId: app.workspaceId, provider: 'hubspot', label: input.connectionLabel ?? 'seed', authType: 'token', credentials: { accessToken: 'pat-seed' }, settings: {} },
      now,
    );
    const client = await tx
      .insertInto('clients')
      .values({ workspace_id: app.workspaceId, name: input.name, status: input.status ?? 'active', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const clientId = Number(client.id);

    const ownerIds: Record<string, number> = {};
    for (const owner of input.owners ?? []) {
      const data: TeamMember = { name: owner.name, email: owner.email, title: owner.title ?? null };
      ownerIds[owner.externalId] = (
        await upsertRecord(
          tx,
          { workspaceId: app.workspaceId, connectionId: connection.id, provider: 'hubspot', objectType: 'owners', externalId: owner.externalId, kind: 'team_member', data, raw: { id: owner.externalId, ...data }, sourceUpdatedAt: now, deleted: false },
          now,
        )
      ).recordId;
    }

    const dealIds: number[] = [];
    for (const deal of input.deals ?? []) {
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
      const { recordId } = await upsertRecord(
        tx,
        { workspaceId: app.workspaceId, connectionId: connection.id, provider: 'hubspot', objectType: 'deals', externalId, kind: 'deal', data, raw: { id: externalId, ...data }, sourceUpdatedAt: now, deleted: deal.deleted ?? false },
        now,
      );
      await updateRecordClient(tx, recordId, clientId);
      dealIds.push(recordId);
    }

    const user = await tx
      .insertInto('portal_users')
      .values({ workspace_id: app.workspaceId, client_id: clientId, email: input.user.email, name: input.user.name, role: input.user.role ?? 'client_admin', status: input.user.status ?? 'invited', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userId = Number(user.id);
    const invitationToken = await createAuthToken(tx, app.keyring.signingKey, userId, 'invitation', now);
    return { clientId, userId, connectionId: connection.id, dealIds, ownerIds, invitationToken };
  });
}
