/**
 * Webhook-to-portal time for a staff reply (issue 16's closing figure): the hub and the Asana
 * emulator run in this process; the hub registers its project webhook with the emulator (handshake
 * included), then for each of RUNS replies a comment is added to the project's client-conversation
 * task, the emulator delivers the signed webhook over HTTP, and the time until the reply is in the
 * thread the portal reads (conversation_messages) is measured: verify, record, webhook.process job,
 * the task's fetch, conversations.refresh with its two Asana calls. Asana's own delivery delay (on
 * average under a minute, per its webhooks guide) is not part of it. Run:
 * `npx tsx bench/conversation-reply-latency.ts`.
 */
import { createServer } from 'node:net';
import { createTestApp } from '../tests/support/create-test-app.js';
import { startAsanaEmulator } from '../connectors/asana/emulator/start-asana-emulator.js';
import { AsanaEmulatorStore } from '../connectors/asana/emulator/asana-emulator-store.js';
import { asanaHubEnv } from '../connectors/asana/emulator/hub-env.js';
import { addComment } from '../connectors/asana/emulator/asana-stories-and-attachments.js';
import { runPull } from '../src/sync/run-pull.js';
import { updateRecordClient } from '../src/store/records/update-record-client.js';
import { createJobHandlers } from '../src/jobs/create-job-handlers.js';
import { startServer } from '../src/server/start-server.js';
import { maintainWebhooks } from '../src/sync/maintain-webhooks.js';

const runs = Number(process.env.RUNS ?? 20);
const freePort = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
const store = new AsanaEmulatorStore();
const project = store.createProject({ name: 'Website rebuild' });
store.createTask({ name: 'Design the homepage', projectGid: project.gid });
const conversation = store.createTask({ name: 'Client conversation', projectGid: project.gid });
const emulator = await startAsanaEmulator({ store });
const app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator), PUBLIC_URL: `http://127.0.0.1:${freePort}` });
const server = await startServer(app, { port: freePort, host: '127.0.0.1', scheduler: false });
const connectionId = (app.db.prepare(`SELECT id FROM connections WHERE provider = 'asana'`).get() as { id: number }).id;
await runPull(app, connectionId, 'Project', 'backfill');
const clientId = (app.db.prepare(`INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Bench', 1, 1) RETURNING id`).get(app.workspaceId) as { id: number }).id;
for (const { id } of app.db.prepare('SELECT id FROM records').all() as { id: number }[]) await updateRecordClient(app.store.db, id, clientId);
await app.jobs.startWorker(createJobHandlers(app));
await runPull(app, connectionId, 'Task', 'backfill');
await app.jobs.drain();
const report = await maintainWebhooks(app, connectionId);
if (!report || report.created !== 1) throw new Error(`webhook not registered: ${JSON.stringify(report)}`);
await emulator.webhooks.deliverPending();
await app.jobs.drain();

const count = () => (app.db.prepare('SELECT COUNT(*) AS n FROM conversation_messages').get() as { n: number }).n;
const samples: number[] = [];
for (let i = 0; i < runs; i += 1) {
  const before = count();
  const started = performance.now();
  addComment(store, conversation.gid, `Reply ${i} from the team`);
  const delivered = await emulator.webhooks.deliverPending();
  if (delivered.length !== 1 || delivered[0]!.status !== 200) throw new Error(`delivery failed: ${JSON.stringify(delivered)}`);
  while (count() === before) await new Promise((resolve) => setTimeout(resolve, 1));
  samples.push(performance.now() - started);
  await app.jobs.drain();
}
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
console.log(`staff reply, webhook to portal thread (emulator, in-process runner), ${runs} runs: median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);
await server.close();
await app.dispose();
await emulator.close();
