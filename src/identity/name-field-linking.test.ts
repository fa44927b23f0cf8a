/**
 * A configured field declared as holding a client's name (or CRM id, email, domain): config parsing,
 * and the Asana emulator's project whose "Client" field holds "Globex Consulting", synced through
 * the real connector and SDK.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { startAsanaEmulator, type AsanaEmulator } from '../../connectors/asana/emulator/start-asana-emulator.js';
import { asanaHubEnv } from '../../connectors/asana/emulator/hub-env.js';
import { AsanaEmulatorStore } from '../../connectors/asana/emulator/asana-emulator-store.js';
import type { AsanaDemoSeed } from '../../connectors/asana/emulator/seed-asana-demo.js';
import { runPull } from '../sync/run-pull.js';
import { listLinkReviews } from './list-link-reviews.js';
import { namesResemble } from './normalize-company-name.js';
import { resolveLinks } from './resolve-links.js';
import { seedIdentityWorld } from './testing/identity-world.js';
import { upsertRecord } from '../records/upsert-record.js';
import type { Queryable } from '../store/store.js';
import { sqlAll, sqlGet, sqlValue } from '../../tests/support/sql.js';
import { contactFieldsOf } from './identity-rules.js';
import { loadConnectorRegistry } from '../connector-kit/registry.js';
import { applyConnectorDeclarations } from '../connector-kit/apply-connector-declarations.js';

const CLIENT_FIELD = 'custom_fields[name=Client].display_value';

describe('identity config: what a field holds', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clienthub-idcfg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const load = (identity: unknown) => {
    writeFileSync(join(dir, 'clienthub.json'), JSON.stringify({ identity }));
    return loadConfig({ CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: 'k'.repeat(48), CLIENTHUB_CONFIG: join(dir, 'clienthub.json') }, dir).identity;
  };

  it('reads bare paths as before and declared fields with their meaning', async () => {
    const rules = load({ contactFields: { asana: { Project: [CLIENT_FIELD, { path: CLIENT_FIELD, holds: 'name' }, { path: 'custom_fields[name=CRM].display_value', holds: 'crmId' }] }, xero: { Contact: [{ path: 'accountNumber', holds: 'email' }] } } });
    expect(rules.contactFields.asana!.Project).toEqual([
      { path: CLIENT_FIELD, holds: 'any' },
      { path: CLIENT_FIELD, holds: 'name' },
      { path: 'custom_fields[name=CRM].display_value', holds: 'crmId' },
    ]);
    expect(rules.contactFields.xero!.Contact).toEqual([{ path: 'accountNumber', holds: 'email' }]);
    // The defaults, declared by the Asana connector, are unchanged: two bare paths on Asana projects.
    const config = loadConfig({ CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: 'k'.repeat(48) }, dir);
    applyConnectorDeclarations(config, await loadConnectorRegistry());
    expect(config.identity.contactFields.asana!.Project!.map((f) => f.holds)).toEqual(['any', 'any']);
  });

  it('refuses an unknown meaning, an extra key or an unreadable path at start', () => {
    expect(() => load({ contactFields: { asana: { Project: [{ path: CLIENT_FIELD, holds: 'company' }] } } })).toThrow(/holds/);
    expect(() => load({ contactFields: { asana: { Project: [{ path: CLIENT_FIELD, holds: 'name', exact: true }] } } })).toThrow(/Unrecognized key: "exact"/);
    expect(() => load({ contactFields: { asana: { Project: [{ path: 'custom_fields[name=Client.display_value', holds: 'name' }] } } })).toThrow(/Unreadable field path/);
  });

  it('near names resemble, equal or unrelated ones do not', () => {
    expect(namesResemble('globex consulting', 'globex consulting europe')).toBe(true);
    expect(namesResemble('initech', 'initech east')).toBe(true);
    expect(namesResemble('globex consulting', 'globex consulting')).toBe(false);
    expect(namesResemble('co', 'co works')).toBe(false);
    expect(namesResemble('globex', 'initech')).toBe(false);
  });
});

describe('linking Asana projects by the client name in a custom field (Asana emulator, real SDK)', () => {
  let emulator: AsanaEmulator;
  let seed: AsanaDemoSeed;
  let app: TestApp;
  let configDir: string;

  beforeEach(async () => {
    const store = new AsanaEmulatorStore();
    seed = store.seedDemo();
    emulator = await startAsanaEmulator({ store });
    configDir = mkdtempSync(join(tmpdir(), 'clienthub-namecfg-'));
  });
  afterEach(async () => {
    await app?.dispose();
    await emulator.close();
    rmSync(configDir, { recursive: true, force: true });
  });

  const start = async (identity: unknown, clients: string[]) => {
    const file = join(configDir, 'clienthub.json');
    writeFileSync(file, JSON.stringify({ identity }));
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', CLIENTHUB_CONFIG: file, ...asanaHubEnv(emulator) });
    const ids: number[] = [];
    for (const name of clients) ids.push((await sqlGet<{ id: number }>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, 0, 0) RETURNING id`, app.workspaceId, name))!.id);
    const connectionId = (await sqlGet<{ id: number }>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!.id;
    await runPull(app, connectionId, 'Project', 'backfill');
    await runPull(app, connectionId, 'Task', 'backfill');
    return ids;
  };
  const workshop = async () =>
    (await sqlGet<{ id: number; clientId: number | null; method: string | null; confidence: number | null; detail: string | null }>(
      app,
      `SELECT r.id, r.client_id AS "clientId", l.method, l.confidence, l.detail FROM records r LEFT JOIN record_links l ON l.record_id = r.id WHERE r.object_type = 'Project' AND r.external_id = ?`,
      seed.projectGids['Globex Consulting (by name)'],
    ))!;
  /** The client of the task named "Workshop agenda" (its name is read from the stored JSON in JS: no engine's JSON functions). */
  const agendaClient = async () => {
    const tasks = await sqlAll<{ clientId: number | null; data: string }>(app, `SELECT client_id AS "clientId", data FROM records WHERE object_type = 'Task' ORDER BY id`);
    return tasks.find((t) => (JSON.parse(t.data) as { name?: unknown }).name === 'Workshop agenda')!.clientId;
  };
  const declared = { contactFields: { asana: { Project: [{ path: CLIENT_FIELD, holds: 'name' }, { path: CLIENT_FIELD, holds: 'domain' }] } } };

  it('an exact (folded) name in a field declared to hold the client name links the project, and its tasks follow', async () => {
    const [globex] = await start(declared, ['Globex Consulting, Inc.', 'Northwind Traders']);
    expect(await workshop()).toMatchObject({ clientId: globex, method: 'name', confidence: 0.95, detail: expect.stringContaining('Client') });
    expect(await agendaClient()).toBe(globex);
    // Projects whose field holds a domain or nothing are not dragged along by the name.
    const others = await sqlValue(app, `SELECT COUNT(*) AS n FROM records WHERE object_type = 'Project' AND client_id IS NOT NULL`);
    expect(others).toBe(1);
    expect(await sqlValue(app, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.link_decided' AND subject_id = ?`, String((await workshop()).id))).toBe(1);
  });

  it('two clients with the same folded name: nobody sees the project, staff get a review with both', async () => {
    const [a, b] = await start(declared, ['Globex Consulting', 'Globex Consulting LLC']);
    expect((await workshop()).clientId).toBeNull();
    expect(await agendaClient()).toBeNull();
    const review = (await listLinkReviews(app.store.db, app.workspaceId)).find((r) => r.externalId === seed.projectGids['Globex Consulting (by name)']);
    expect(review?.candidates.map((c) => c.clientId).sort()).toEqual([a, b].sort());
  });

  it('a near name in a declared field is only a suggestion', async () => {
    const [europe] = await start(declared, ['Globex Consulting Europe']);
    expect((await workshop()).clientId).toBeNull();
    const review = (await listLinkReviews(app.store.db, app.workspaceId)).find((r) => r.externalId === seed.projectGids['Globex Consulting (by name)']);
    expect(review).toMatchObject({ reason: 'suggestion', candidates: [{ clientId: europe, detail: expect.stringContaining('similar name') }] });
  });

  it('with the default bare path, a company name is no longer dropped: it becomes a suggestion for staff', async () => {
    const [globex] = await start({}, ['Globex Consulting']);
    expect((await workshop()).clientId).toBeNull();
    const review = (await listLinkReviews(app.store.db, app.workspaceId)).find((r) => r.externalId === seed.projectGids['Globex Consulting (by name)']);
    expect(review).toMatchObject({ reason: 'suggestion', candidates: [{ clientId: globex, method: 'name' }] });
  });
});

describe('declared email, domain and CRM id fields', () => {
  let app: TestApp;
  afterEach(() => app?.dispose());

  it('feed the email, domain and explicit id rules; a value of the wrong shape is ignored', async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '' });
    const world = await seedIdentityWorld(app.store, app.workspaceId);
    const rules = {
      ...app.config.identity,
      contactFields: contactFieldsOf({
        asana: {
          Project: [
            { path: 'custom_fields[name=CRM].display_value', holds: 'crmId' },
            { path: 'custom_fields[name=Billing].display_value', holds: 'email' },
            { path: 'custom_fields[name=Site].display_value', holds: 'domain' },
          ],
        },
      }),
    };
    const project = (gid: string, fields: Record<string, string>) => ({ name: `Project ${gid}`, ownerName: null, dueDate: null, percentComplete: null, statusColor: null, statusText: null, archived: false, _raw: { gid, custom_fields: Object.entries(fields).map(([name, display_value]) => ({ name, display_value })) } });
    const put = async (tx: Queryable, gid: string, fields: Record<string, string>) => {
      const { _raw, ...data } = project(gid, fields);
      return (await upsertRecord(tx, { workspaceId: app.workspaceId, connectionId: world.connections.asana!, provider: 'asana', objectType: 'Project', externalId: gid, kind: 'project', data, raw: _raw, sourceUpdatedAt: Date.now(), deleted: false })).recordId;
    };
    await app.store.transaction((tx) => resolveLinks(tx, app.workspaceId, rules));
    const ids = await app.store.transaction(async (tx) => ({ crm: await put(tx, '9001', { CRM: '102' }), email: await put(tx, '9002', { Billing: 'hank@globex.com' }), domain: await put(tx, '9003', { Site: 'https://www.umbrella.io/' }), wrong: await put(tx, '9004', { Billing: 'Globex Ltd' }) }));
    await app.store.transaction((tx) => resolveLinks(tx, app.workspaceId, rules, Object.values(ids)));
    const how = (id: number) => sqlGet(app, 'SELECT r.client_id AS "clientId", l.method FROM records r LEFT JOIN record_links l ON l.record_id = r.id WHERE r.id = ?', id);
    expect(await how(ids.crm)).toEqual({ clientId: world.clients.globex, method: 'explicit_id' });
    expect(await how(ids.email)).toEqual({ clientId: world.clients.globex, method: 'email' });
    expect(await how(ids.domain)).toEqual({ clientId: world.clients.umbrella, method: 'domain' });
    // A name in a field declared to hold an email is not read as anything else.
    expect(await how(ids.wrong)).toEqual({ clientId: null, method: null });
  });
});
