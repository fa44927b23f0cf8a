/**
 * The Pipedrive emulator as `npm run demo` runs it (`clienthub demo --crm pipedrive`): the demo
 * clients' organizations, persons and open deals; winning "Website rebuild" marks it won and sends
 * the webhook v2 delivery, with its basic auth credentials, to the hub. For the console demo it
 * starts with that deal already won, so connecting Pipedrive is what provisions the client.
 */
import type { DemoEmulator, DemoEmulatorOptions } from '../../../src/connector-kit/demo-emulator.js';
import { PipedriveEmulatorStore } from './pipedrive-emulator-store.js';
import { startPipedriveEmulator } from './start-pipedrive-emulator.js';
import { deliverPipedriveWebhook } from './deliver-webhook.js';
import { DEMO_OAUTH_APP, DEMO_WEBHOOK_PASSWORD, DEMO_WEBHOOK_USER, pipedriveHubEnv, pipedriveOAuthEnv } from './hub-env.js';

export const DEMO_DEAL_TITLE = 'Website rebuild';

/** `dealAlreadyWon` and `consoleHint` are the kit's newer DemoEmulator fields, read and set here without depending on them. */
type Options = DemoEmulatorOptions & { dealAlreadyWon?: boolean };

const pipedriveDemo: DemoEmulator = {
  provider: 'pipedrive',
  role: 'crm',
  async start(options: Options) {
    const store = new PipedriveEmulatorStore();
    store.seedDemo();
    const deal = [...store.deals.values()].find((d) => d.title === DEMO_DEAL_TITLE);
    if (!deal) throw new Error(`Pipedrive's demo seed has no "${DEMO_DEAL_TITLE}" deal`);
    if (options.dealAlreadyWon) store.winDeal(deal.id);
    const emulator = await startPipedriveEmulator({ store, port: options.port, rateLimitEvery: options.rateLimitEvery, oauth: DEMO_OAUTH_APP });
    const running = {
      url: emulator.url,
      describe: `Pipedrive emulator at ${emulator.url} with ${store.organizations.size} organizations, ${store.persons.size} persons, ${store.deals.size} deals`,
      env: pipedriveHubEnv(emulator),
      oauthEnv: pipedriveOAuthEnv(emulator),
      consoleHint: 'OAuth: the emulator grants at once; or paste any 40-character hex API token',
      async winDeal(hub: { postTo: string; publicUrl: string }) {
        const event = store.winDeal(deal.id);
        const response = await deliverPipedriveWebhook({ postTo: `${hub.postTo}/webhooks/pipedrive`, user: DEMO_WEBHOOK_USER, password: DEMO_WEBHOOK_PASSWORD, event });
        return `Deal "${deal.title}" marked won in Pipedrive; its webhook was answered ${response.status} ${await response.text()}`;
      },
      close: () => emulator.close(),
    };
    return running;
  },
};

export default pipedriveDemo;
