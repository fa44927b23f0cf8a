import { rateLimitEveryFromEnv } from '../../connectors/emulator-support/rate-limit-every.js';
import { HubSpotEmulatorStore } from '../../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { deliverHubSpotWebhook } from '../../connectors/hubspot/emulator/deliver-webhook.js';
import { SalesforceEmulatorStore } from '../../connectors/salesforce/emulator/salesforce-emulator-store.js';
import { startSalesforceEmulator } from '../../connectors/salesforce/emulator/start-salesforce-emulator.js';
import { outboundMessage } from '../../connectors/salesforce/testing/salesforce-payloads.js';

/** A provider the demo can run against: its local emulator, the env that points the hub at it, and "a deal is won". */
export interface DemoProvider {
  describe: string;
  env: Record<string, string>;
  /** Wins a deal in the emulator and pushes the provider's notification to the hub; returns what happened. */
  winDeal(hub: { postTo: string; publicUrl: string }): Promise<string>;
  close(): Promise<void>;
}

const HUBSPOT_APP_SECRET = 'demo-hubspot-app-client-secret';

export async function startDemoProvider(name: 'hubspot' | 'salesforce'): Promise<DemoProvider> {
  if (name === 'salesforce') {
    const store = new SalesforceEmulatorStore(() => Date.now() - 600_000);
    store.seedDemo();
    const emulator = await startSalesforceEmulator({ store, port: Number(process.env.SALESFORCE_EMULATOR_PORT ?? 0), rateLimitEvery: rateLimitEveryFromEnv('SALESFORCE') });
    return {
      describe: `Salesforce emulator at ${emulator.url} with ${store.records.Account.size} accounts, ${store.records.Contact.size} contacts, ${store.records.Opportunity.size} opportunities`,
      env: {
        HUBSPOT_ACCESS_TOKEN: '',
        SALESFORCE_LOGIN_URL: emulator.url,
        SALESFORCE_INSTANCE_URL: emulator.url,
        SALESFORCE_ACCESS_TOKEN: 'demo-session-id',
        SALESFORCE_ORG_ID: store.orgId,
      },
      async winDeal(hub) {
        const opportunity = [...store.records.Opportunity.values()].find((o) => o.Name === 'CRM migration')!;
        store.winOpportunity(opportunity.Id);
        const response = await fetch(`${hub.postTo}/webhooks/salesforce`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
          body: outboundMessage(store.orgId, [{ id: `04l5e${Date.now().toString().slice(-10)}AAA`, type: 'Opportunity', recordId: opportunity.Id }]),
        });
        const acknowledged = (await response.text()).includes('<Ack>true</Ack>');
        return `Opportunity "${opportunity.Name}" marked Closed Won in Salesforce; its outbound message was ${acknowledged ? 'acknowledged' : `refused (${response.status})`}`;
      },
      close: () => emulator.close(),
    };
  }
  const store = new HubSpotEmulatorStore();
  store.seedDemo();
  const emulator = await startHubSpotEmulator({ store, port: Number(process.env.HUBSPOT_EMULATOR_PORT ?? 0), rateLimitEvery: rateLimitEveryFromEnv('HUBSPOT') });
  return {
    describe: `HubSpot emulator at ${emulator.url} with ${store.objects.companies.size} companies, ${store.objects.contacts.size} contacts, ${store.objects.deals.size} deals`,
    env: {
      HUBSPOT_ACCESS_TOKEN: 'demo-private-app-token',
      HUBSPOT_CLIENT_SECRET: HUBSPOT_APP_SECRET,
      HUBSPOT_BASE_URL: emulator.url,
      HUBSPOT_SEARCH_RPS: '50',
      SALESFORCE_ACCESS_TOKEN: '',
    },
    async winDeal(hub) {
      const deal = [...store.objects.deals.values()].find((d) => d.properties.dealname === 'Website rebuild')!;
      const event = store.moveDealToStage(deal.id, 'closedwon');
      const response = await deliverHubSpotWebhook({ signedUrl: `${hub.publicUrl}/webhooks/hubspot`, postTo: `${hub.postTo}/webhooks/hubspot`, clientSecret: HUBSPOT_APP_SECRET, events: [event] });
      return `Deal "${deal.properties.dealname}" moved to Closed Won in HubSpot; its signed webhook was answered ${response.status} ${await response.text()}`;
    },
    close: () => emulator.close(),
  };
}
