/**
 * Salesforce in the demo (`npm run demo -- --crm salesforce`): a local org seeded with the demo
 * accounts; winning the deal marks the "CRM migration" opportunity Closed Won and sends the
 * Outbound Message Salesforce would.
 */
import type { DemoEmulator } from '../../../src/connector-kit/demo-emulator.js';
import { SalesforceEmulatorStore } from './salesforce-emulator-store.js';
import { startSalesforceEmulator } from './start-salesforce-emulator.js';
import { outboundMessage } from '../testing/salesforce-payloads.js';

/** The demo's Connected App (the emulator accepts any). */
const APP = { clientId: 'demo-salesforce-app', clientSecret: 'demo-salesforce-secret' };
const OPPORTUNITY = 'CRM migration';

const salesforceDemo: DemoEmulator = {
  provider: 'salesforce',
  role: 'crm',
  async start(options) {
    // Seeded ten minutes in the past, so the records are older than the hub's first poll.
    const store = new SalesforceEmulatorStore(() => Date.now() - 600_000);
    store.seedDemo();
    const opportunity = [...store.records.Opportunity.values()].find((o) => o.Name === OPPORTUNITY);
    if (!opportunity) throw new Error(`Salesforce's demo seed has no "${OPPORTUNITY}" opportunity`);
    if (options.dealAlreadyWon) store.winOpportunity(opportunity.Id);
    const emulator = await startSalesforceEmulator({ store, port: options.port, rateLimitEvery: options.rateLimitEvery });
    return {
      url: emulator.url,
      describe: `Salesforce emulator at ${emulator.url} with ${store.records.Account.size} accounts, ${store.records.Contact.size} contacts, ${store.records.Opportunity.size} opportunities`,
      env: {
        SALESFORCE_LOGIN_URL: emulator.url,
        SALESFORCE_INSTANCE_URL: emulator.url,
        SALESFORCE_ACCESS_TOKEN: 'demo-session-id',
        SALESFORCE_ORG_ID: store.orgId,
      },
      oauthEnv: { SALESFORCE_LOGIN_URL: emulator.url, SALESFORCE_CLIENT_ID: APP.clientId, SALESFORCE_CLIENT_SECRET: APP.clientSecret, SALESFORCE_ORG_ID: store.orgId },
      consoleHint: 'OAuth: the emulator grants at once',
      async winDeal(hub) {
        store.winOpportunity(opportunity.Id);
        const response = await fetch(`${hub.postTo}/webhooks/salesforce`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
          body: outboundMessage(store.orgId, [{ id: `04l5e${Date.now().toString().slice(-10)}AAA`, type: 'Opportunity', recordId: opportunity.Id }]),
        });
        const acknowledged = (await response.text()).includes('<Ack>true</Ack>');
        return `Opportunity "${OPPORTUNITY}" marked Closed Won in Salesforce; its outbound message was ${acknowledged ? 'acknowledged' : `refused (${response.status})`}`;
      },
      close: () => emulator.close(),
    };
  },
};

export default salesforceDemo;
