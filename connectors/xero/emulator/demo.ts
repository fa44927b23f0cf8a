/** Xero in the demo: an organisation seeded with the demo clients' contacts, invoices, payments and credit notes. */
import type { DemoEmulator } from '../../../src/connector-kit/demo-emulator.js';
import { XeroEmulatorStore } from './xero-emulator-store.js';
import { startXeroEmulator } from './start-xero-emulator.js';
import { seedXeroDemo } from './seed-xero-demo.js';
import { xeroHubEnv } from './hub-env.js';

/** The demo's Xero app (the emulator accepts any). */
const APP = { XERO_CLIENT_ID: 'demo-xero-app', XERO_CLIENT_SECRET: 'demo-xero-secret' };

const xeroDemo: DemoEmulator = {
  provider: 'xero',
  role: 'source',
  async start(options) {
    const store = new XeroEmulatorStore();
    seedXeroDemo(store);
    const emulator = await startXeroEmulator({ store, port: options.port, rateLimitEvery: options.rateLimitEvery });
    const { XERO_TENANT_ID, XERO_ACCESS_TOKEN, ...endpoints } = xeroHubEnv(emulator, 'demo-xero-webhook-key');
    return {
      url: emulator.url,
      describe: `Xero emulator at ${emulator.url}`,
      env: { ...endpoints, XERO_TENANT_ID, XERO_ACCESS_TOKEN },
      // From the console the organisation is chosen among those the grant reaches, as at Xero.
      oauthEnv: { ...endpoints, ...APP },
      consoleHint: 'OAuth: the emulator grants at once',
      close: () => emulator.close(),
    };
  },
};

export default xeroDemo;
