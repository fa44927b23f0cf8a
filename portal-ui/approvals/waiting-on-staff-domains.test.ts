/**
 * "Waiting on you" (issue 17): the business's own staff are its CRM users AND everyone at its Asana
 * organisation's email domains (read through the SDK at metadata refresh). A task assigned to one of
 * them is never the client's, even when that person is also among the client's people (the agency's
 * designer invited to the portal, or listed as a contact on the client's company).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { seedPortalUser } from '../../tests/support/seed-portal-records.js';
import { runPull } from '../../src/sync/run-pull.js';
import { AsanaEmulatorStore } from '../../connectors/asana/emulator/asana-emulator-store.js';
import { startAsanaEmulator, type AsanaEmulator } from '../../connectors/asana/emulator/start-asana-emulator.js';
import { asanaHubEnv } from '../../connectors/asana/emulator/hub-env.js';
import type { AsanaDemoSeed } from '../../connectors/asana/emulator/seed-asana-demo.js';
import { STAFF_EMAIL_DOMAINS_METADATA } from '../../src/connector-kit/staff-email-domains.js';
import { normalizeStaffDomains } from '../../src/connector-kit/index.js';
import { loadWaitingOnYou } from './load-waiting-on-you.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';

describe('Waiting on you: the business\'s Asana organisation domains are staff', () => {
  let emulator: AsanaEmulator;
  let store: AsanaEmulatorStore;
  let seed: AsanaDemoSeed;
  let app: TestApp;
  let clientId: number;
  let connectionId: number;

  beforeEach(async () => {
    store = new AsanaEmulatorStore();
    seed = store.seedDemo();
    emulator = await startAsanaEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator) });
    connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    await runPull(app, connectionId, 'Project', 'backfill');
    await runPull(app, connectionId, 'Task', 'backfill');
    clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind Traders', 1, 1) RETURNING id`, app.workspaceId))!;
    const project = seed.projectGids['Northwind Traders']!;
    const rows = await sqlAll<{ id: number; external_id: string; data: string }>(app, `SELECT id, external_id, data FROM records WHERE connection_id = ?`, connectionId);
    for (const row of rows) {
      if (row.external_id === project || (JSON.parse(row.data) as { projectExternalId?: unknown }).projectExternalId === project) await sqlRun(app, `UPDATE records SET client_id = ? WHERE id = ?`, clientId, row.id);
    }
    await seedPortalUser(app, clientId, { email: 'nancy.davolio@northwind.example', name: 'Nancy Davolio', role: 'client_admin' });
    // The agency's designer was invited to the portal to see what the client sees: one of the client's people by the portal's list.
    await seedPortalUser(app, clientId, { email: 'priya.patel@brightside.example', name: 'Priya Patel', role: 'member' });
  });
  afterEach(async () => {
    await app.dispose();
    await emulator.close();
  });

  const storedDomains = async () => {
    const row = await sqlGet<{ value: string }>(app, 'SELECT value FROM provider_metadata WHERE connection_id = ? AND key = ?', connectionId, STAFF_EMAIL_DOMAINS_METADATA);
    return row ? (JSON.parse(row.value) as { domains: string[] }).domains : undefined;
  };

  it('reads the organisation\'s email_domains through the SDK and keeps them with the connection', async () => {
    expect(store.workspace.email_domains).toEqual(['brightside.example']);
    expect(await storedDomains()).toEqual(['brightside.example']);
    expect(emulator.requests.filter((r) => r.path.endsWith(`/workspaces/${store.workspace.gid}`)).length).toBe(1);
  });

  it('a task assigned to someone at the business\'s domain is never the client\'s; the client\'s own approval is', async () => {
    const names = (await loadWaitingOnYou(app.store.db, clientId, Date.now())).map((item) => item.name);
    expect(names).toContain('Sign off the homepage design');
    // Priya's open, client-visible task: hers (staff by her domain), not the client's.
    expect(names).not.toContain('Homepage concepts');
  });

  it('without the domains (before the metadata refresh), the agency\'s designer on the portal list would make it the client\'s', async () => {
    await sqlRun(app, 'DELETE FROM provider_metadata WHERE connection_id = ? AND key = ?', connectionId, STAFF_EMAIL_DOMAINS_METADATA);
    expect((await loadWaitingOnYou(app.store.db, clientId, Date.now())).map((item) => item.name)).toContain('Homepage concepts');
  });

  it('refreshes at most every six hours; public mailbox domains are never the business\'s', async () => {
    await runPull(app, connectionId, 'Project', 'incremental');
    expect(emulator.requests.filter((r) => r.path.endsWith(`/workspaces/${store.workspace.gid}`)).length).toBe(1);
    expect(normalizeStaffDomains(['Brightside.example', '@gmail.com', 'not a domain', 42, 'brightside.example'])).toEqual(['brightside.example']);
  });
});
