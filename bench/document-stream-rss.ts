/**
 * The hub's memory while it streams a large document (issue 17's closing figure): a file of
 * DOC_MB megabytes (default 200) attached to a client-visible Asana task in the emulator is
 * downloaded through the portal; the hub's RSS is sampled during the transfer. Run:
 * `npx tsx bench/document-stream-rss.ts`. The emulator runs in this process and holds the file in
 * memory before the download starts, so the figure is the growth over the baseline taken then.
 */
import express from 'express';
import { createTestApp } from '../tests/support/create-test-app.js';
import { seedPortalUser, signedInClient } from '../tests/support/seed-portal-records.js';
import { serveHttp } from '../tests/support/portal-http-client.js';
import { startAsanaEmulator } from '../connectors/asana/emulator/start-asana-emulator.js';
import { AsanaEmulatorStore } from '../connectors/asana/emulator/asana-emulator-store.js';
import { asanaHubEnv } from '../connectors/asana/emulator/hub-env.js';
import { addAttachment } from '../connectors/asana/emulator/asana-stories-and-attachments.js';
import { runPull } from '../src/sync/run-pull.js';
import { updateRecordClient } from '../src/store/records/update-record-client.js';
import { queueUnlistedDocuments } from '../src/documents/list-record-documents.js';
import { createJobHandlers } from '../src/jobs/create-job-handlers.js';
import { createPortalRouter } from '../portal-ui/create-portal-router.js';

const sizeMb = Number(process.env.DOC_MB ?? 200);
const store = new AsanaEmulatorStore();
const tag = store.createTag('client-visible');
const project = store.createProject({ name: 'Launch film' });
const task = store.createTask({ name: 'Final cut', projectGid: project.gid, tagGids: [tag.gid] });
const body = Buffer.alloc(sizeMb * 1024 * 1024, 0x61);
addAttachment(store, task.gid, { name: 'final-cut.zip', contentType: 'application/zip', body });
const emulator = await startAsanaEmulator({ store });
const app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator), PORTAL_DOCUMENT_MAX_BYTES: String((sizeMb + 1) * 1024 * 1024) });
const connectionId = (app.db.prepare(`SELECT id FROM connections WHERE provider = 'asana'`).get() as { id: number }).id;
await app.jobs.startWorker(createJobHandlers(app));
await runPull(app, connectionId, 'Project', 'backfill');
await runPull(app, connectionId, 'Task', 'backfill');
await app.jobs.drain();
const clientId = (app.db.prepare(`INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Bench', 1, 1) RETURNING id`).get(app.workspaceId) as { id: number }).id;
for (const { id } of app.db.prepare('SELECT id FROM records').all() as { id: number }[]) await updateRecordClient(app.store.db, id, clientId);
// Records linked after they synced have their files listed on the next scheduler tick: queue that now.
await queueUnlistedDocuments(app);
await app.jobs.drain();
const userId = (await seedPortalUser(app, clientId, { email: 'bench@client.example', name: 'Bench', role: 'client_admin' })).userId;
const http = express();
http.use(createPortalRouter(app));
const served = await serveHttp(http);
const { client } = await signedInClient(app, served.baseUrl, userId, Date.now());
const documentId = (app.db.prepare('SELECT id FROM documents').get() as { id: number }).id;
global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const started = Date.now();
const response = await fetch(`${served.baseUrl}/documents/${documentId}/download`, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
let received = 0;
for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
  received += chunk.byteLength;
  // A slow reader: the hub must hold back rather than buffer.
  if (received % (16 * 1024 * 1024) < chunk.byteLength) await new Promise((r) => setTimeout(r, 5));
}
clearInterval(sampler);
const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
console.log(JSON.stringify({ fileMb: sizeMb, receivedMb: Number(mb(received)), status: response.status, rssBaselineMb: Number(mb(baseline)), rssPeakMb: Number(mb(peak)), rssGrowthMb: Number(mb(peak - baseline)), seconds: (Date.now() - started) / 1000 }));
await served.close();
await app.dispose();
await emulator.close();
process.exit(0);
