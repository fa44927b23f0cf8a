/** The bench's worker process: the same data directory and Redis queue as the server, jobs only (bench-webhook-ack.ts). */
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext, closeAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { createJobHandlers } from '../src/jobs/create-job-handlers.js';

const app = await createAppContext(loadConfig(process.env as Record<string, string>, process.env.CLIENTHUB_DATA_DIR), { logger: silentLogger });
await app.jobs.startWorker(createJobHandlers(app));
console.log('worker ready');
process.on('SIGTERM', () => void closeAppContext(app).finally(() => process.exit(0)));
