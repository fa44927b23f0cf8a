/** Asana in the demo: a workspace with the demo clients' projects (phases, milestones, client-visible and internal tasks). */
import type { DemoEmulator } from '../../../src/connector-kit/demo-emulator.js';
import { AsanaEmulatorStore } from './asana-emulator-store.js';
import { startAsanaEmulator } from './start-asana-emulator.js';
import { seedAsanaDemo } from './seed-asana-demo.js';
import { asanaHubEnv } from './hub-env.js';

/** The demo's Asana app (the emulator accepts any). */
const APP = { ASANA_CLIENT_ID: 'demo-asana-app', ASANA_CLIENT_SECRET: 'demo-asana-secret' };

const asanaDemo: DemoEmulator = {
  provider: 'asana',
  role: 'source',
  async start(options) {
    const store = new AsanaEmulatorStore();
    seedAsanaDemo(store);
    const emulator = await startAsanaEmulator({ store, port: options.port, rateLimitEvery: options.rateLimitEvery });
    const { ASANA_ACCESS_TOKEN, ASANA_WORKSPACE_GID, ...endpoints } = asanaHubEnv(emulator);
    return {
      url: emulator.url,
      describe: `Asana emulator at ${emulator.url}`,
      env: { ...endpoints, ASANA_ACCESS_TOKEN, ASANA_WORKSPACE_GID },
      oauthEnv: { ...endpoints, ...APP },
      consoleHint: 'OAuth: the emulator grants at once',
      close: () => emulator.close(),
    };
  },
};

export default asanaDemo;
