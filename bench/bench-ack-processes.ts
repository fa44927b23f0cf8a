/**
 * The separate processes of the webhook acknowledgement bench (bench-webhook-ack.ts), so the hub's
 * event loop carries only the hub, as in a deployment: the provider (the HubSpot emulator) and the
 * load generator live elsewhere.
 *
 *   BENCH_ROLE=emulator  a HubSpot emulator with 100 contacts; prints {"url", "contactIds"}
 *   BENCH_ROLE=server    `serve` on a free port (jobs in the process unless REDIS_URL); prints {"url"}
 *   BENCH_ROLE=worker    the jobs only, on REDIS_URL's queue; prints {"ready": true}
 * Each prints one JSON line once it is ready, then runs until SIGTERM, when it prints the CPU time it
 * spent since it was ready ({"cpuMs"}). BENCH_PROFILE_ROLE=<role> (read by the bench) adds --cpu-prof, into BENCH_PROFILE_DIR (default: the temp dir).
 */
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext, closeAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { createJobHandlers, createWorkerHooks } from '../src/jobs/create-job-handlers.js';
import { startServer } from '../src/server/start-server.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';

const role = process.env.BENCH_ROLE;
const stops: (() => Promise<unknown>)[] = [];
if (role === 'emulator') {
  const store = new HubSpotEmulatorStore();
  const { contactIds } = store.generate(100);
  const emulator = await startHubSpotEmulator({ store });
  stops.push(() => emulator.close());
  console.log(JSON.stringify({ url: emulator.url, contactIds }));
} else if (role === 'server' || role === 'worker') {
  const app = await createAppContext(loadConfig(process.env as Record<string, string>, process.env.CLIENTHUB_DATA_DIR), { logger: silentLogger });
  stops.push(() => closeAppContext(app));
  if (role === 'worker') {
    await app.jobs.startWorker(createJobHandlers(app), createWorkerHooks(app));
    console.log(JSON.stringify({ ready: true }));
  } else {
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    stops.unshift(() => server.close());
    console.log(JSON.stringify({ url: server.url }));
  }
} else {
  throw new Error(`BENCH_ROLE must be emulator, server or worker, got ${String(role)}`);
}
// CPU spent from ready to SIGTERM (start-up excluded), printed as the last line: the cost of the load.
// SIGUSR2 moves the start to now: the bench sends it after its warm-up deliveries.
let readyCpu = process.cpuUsage();
process.on('SIGUSR2', () => (readyCpu = process.cpuUsage()));
process.on('SIGTERM', () => {
  const used = process.cpuUsage(readyCpu);
  console.log(JSON.stringify({ cpuMs: (used.user + used.system) / 1000 }));
  void (async () => {
    for (const stop of stops) await stop().catch(() => {});
    process.exit(0);
  })();
});
