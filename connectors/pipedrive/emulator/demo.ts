/**
 * The Pipedrive emulator as `npm run demo` runs it (`clienthub demo --crm pipedrive`): the demo
 * clients' organizations, persons and open deals; winning "Website rebuild" marks it won and sends
 * the webhook v2 delivery, with its basic auth credentials, to the hub.
 */
import type { DemoEmulator } from '../../../src/connector-kit/demo-emulator.js';
import { PipedriveEmulatorStore } from './pipedrive-emulator-store.js';
import { startPipedriveEmulator } from './start-pipedrive-emulator.js';
import { deliverPipedriveWebhook } from './deliver-webhook.js';
import { DEMO_OAUTH_APP, DEMO_WEBHOOK_PASSWORD, DEMO_WEBHOOK_USER, pipedriveHubEnv, pipedriveOAuthEnv } from './hub-env.js';

export const DEMO_DEAL_TITLE = 'Website rebuild';

const pipedriveDemo: DemoEmulator = {
  provider: 'pipedrive',
  role: 'crm',
  async start({ port, rateLimitEvery }) {
    const store = new PipedriveEmulatorStore();
    store.seedDemo();
    const emulator = await startPipedriveEmulator({ store, port, rateLimitEvery, oauth: DEMO_OAUTH_APP });
    return {
      url: emulator.url,
      describe: `Pipedrive emulator at ${emulator.url} with ${store.organizations.size} organizations, ${store.persons.size} persons, ${store.deals.size} deals`,
      env: pipedriveHubEnv(emulator),
      oauthEnv: pipedriveOAuthEnv(emulator),
      async winDeal(hub) {
        const deal = [...store.deals.values()].find((d) => d.title === DEMO_DEAL_TITLE && !d.is_deleted);
        if (!deal) return `No open deal "${DEMO_DEAL_TITLE}" in the Pipedrive emulator`;
        const event = store.winDeal(deal.id);
        const response = await deliverPipedriveWebhook({ postTo: `${hub.postTo}/webhooks/pipedrive`, user: DEMO_WEBHOOK_USER, password: DEMO_WEBHOOK_PASSWORD, event });
        return `Deal "${deal.title}" marked won in Pipedrive; its webhook was answered ${response.status} ${await response.text()}`;
      },
      close: () => emulator.close(),
    };
  },
};

export default pipedriveDemo;
