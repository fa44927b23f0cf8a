import express from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './create-test-app.js';
import { seedPortalUser, signedInClient } from './seed-portal-records.js';
import { serveHttp, type ServedHttp } from './portal-http-client.js';
import { sqlValue } from './sql.js';
import { startAsanaEmulator, type AsanaEmulator } from '../../connectors/asana/emulator/start-asana-emulator.js';
import { AsanaEmulatorStore, type AsanaRecord } from '../../connectors/asana/emulator/asana-emulator-store.js';
import { asanaHubEnv } from '../../connectors/asana/emulator/hub-env.js';
import { runPull } from '../../src/sync/run-pull.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import type { AppContextOverrides } from '../../src/app/create-app-context.js';
import { createPortalRouter } from '../../portal-ui/create-portal-router.js';

export interface AsanaUploadWorld {
  app: TestApp;
  store: AsanaEmulatorStore;
  emulator: AsanaEmulator;
  served: ServedHttp;
  clientId: number;
  projectRecordId: number;
  project: AsanaRecord;
  session: Awaited<ReturnType<typeof signedInClient>>;
  /** The project's form key, as its page offers it. */
  formKey(): Promise<string>;
  /** Posts one file through the project's upload form (multipart, as a browser sends it). */
  upload(name: string, body: Buffer | string, options?: { key?: string; csrf?: string }): Promise<{ status: number; location: string | null; text: string }>;
  /** What is staged on the hub's disk (one directory per kept upload). */
  staged(): string[];
  conversationTask(): AsanaRecord;
  close(): Promise<void>;
}

/** A small real PDF (what file-type sniffs as one); `stream` is carried as a content stream. */
export function samplePdf(stream = ''): Buffer {
  const body = stream ? `2 0 obj << /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n` : '';
  return Buffer.concat([Buffer.from(`%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n${body}`, 'latin1'), Buffer.alloc(2_000, 32), Buffer.from('\n%%EOF\n')]);
}

/**
 * A client portal whose client has one Asana project (pulled from the Asana emulator, its "Client
 * conversation" task ready for files), a signed-in member, and the portal served over HTTP.
 */
export async function startAsanaUploadWorld(env: Record<string, string> = {}, overrides: AppContextOverrides = {}): Promise<AsanaUploadWorld> {
  const store = new AsanaEmulatorStore();
  const project = store.createProject({ name: 'Website rebuild' });
  store.createTask({ name: 'Client conversation', projectGid: project.gid });
  const emulator = await startAsanaEmulator({ store });
  const app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator), ...env }, overrides);
  const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
  await runPull(app, connectionId, 'Project', 'backfill');
  const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind', 1, 1) RETURNING id`, app.workspaceId))!;
  const projectRecordId = (await sqlValue<number>(app, `SELECT id FROM records WHERE external_id = ?`, project.gid))!;
  await updateRecordClient(app.store.db, projectRecordId, clientId);
  const http = express();
  http.use(createPortalRouter(app));
  const served = await serveHttp(http);
  const session = await signedInClient(app, served.baseUrl, (await seedPortalUser(app, clientId, { email: 'nancy@northwind.example', name: 'Nancy Davolio', role: 'member' })).userId, Date.now());
  const formKey = async () => /name="key" value="([^"]+)"/.exec((await session.client.get(`/projects/${projectRecordId}`)).text)![1]!;
  return {
    app,
    store,
    emulator,
    served,
    clientId,
    projectRecordId,
    project,
    session,
    formKey,
    async upload(name, body, options = {}) {
      const form = new FormData();
      form.append('_csrf', options.csrf ?? session.csrf);
      form.append('key', options.key ?? (await formKey()));
      form.append('file', new Blob([body]), name);
      const cookie = [...session.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const response = await fetch(`${served.baseUrl}/projects/${projectRecordId}/uploads`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
      return { status: response.status, location: response.headers.get('location'), text: await response.text() };
    },
    staged: () => (existsSync(join(app.dataDir, 'uploads')) ? readdirSync(join(app.dataDir, 'uploads')) : []),
    conversationTask: () => store.all('task').find((t) => t.name === 'Client conversation')!,
    async close() {
      await served.close();
      await app.dispose();
      await emulator.close();
    },
  };
}
