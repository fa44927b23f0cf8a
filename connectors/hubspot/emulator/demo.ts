/**
 * HubSpot in the demo (`npm run demo`, the default CRM): the emulator seeded with the demo
 * companies; winning the deal moves "Website rebuild" to Closed Won and delivers HubSpot's signed
 * v3 webhook to the hub.
 */
import type { DemoEmulator } from '../../../src/connector-kit/demo-emulator.js';
import { HubSpotEmulatorStore } from './emulator-store.js';
import { startHubSpotEmulator } from './start-hubspot-emulator.js';
import { deliverHubSpotWebhook } from './deliver-webhook.js';
import { fileManagerOf } from './file-manager.js';
import { addNoteWithAttachments } from './file-reads.js';
import { renderTextPdf } from '../../emulator-support/render-pdf.js';

/** The demo's public app: its secret signs the webhooks and authenticates the OAuth exchange. */
const APP = { clientId: 'demo-hubspot-app', clientSecret: 'demo-hubspot-app-client-secret' };
const DEAL = 'Website rebuild';

const hubspotDemo: DemoEmulator = {
  provider: 'hubspot',
  role: 'crm',
  defaultCrm: true,
  async start(options) {
    const store = new HubSpotEmulatorStore();
    store.seedDemo();
    const deal = [...store.objects.deals.values()].find((d) => d.properties.dealname === DEAL);
    if (!deal) throw new Error(`HubSpot's demo seed has no "${DEAL}" deal`);
    if (options.dealAlreadyWon) store.moveDealToStage(deal.id, 'closedwon');
    // A published quote waiting for the client's signature (Approvals, "Review and sign"), and a draft the client never sees.
    const inTwoWeeks = new Date(store.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    store.createQuote({ hs_title: 'Website rebuild — phase 2', hs_status: 'APPROVAL_NOT_NEEDED', hs_quote_amount: '18500', hs_currency: 'USD', hs_expiration_date: inTwoWeeks, hs_esign_enabled: 'true', hs_sign_status: 'ESIGN_PENDING' }, { dealIds: [deal.id] });
    store.createQuote({ hs_title: 'Website rebuild — phase 3 (draft)', hs_quote_amount: '9000', hs_currency: 'USD', hs_expiration_date: inTwoWeeks }, { dealIds: [deal.id] });
    // A support request the client opened earlier (Requests): the team's emailed answer is visible, its internal note never is.
    const company = store.associations('deals', deal.id, 'companies')[0];
    const contact = store.associations('deals', deal.id, 'contacts')[0];
    const pipeline = store.ticketPipelines[0]!;
    const ticket = store.create('tickets', { subject: 'Staging site login', content: 'Our team cannot sign in to the staging site since Monday.', hs_pipeline: pipeline.id, hs_pipeline_stage: pipeline.stages[0]!.id, hs_ticket_priority: 'MEDIUM' });
    if (company) store.associate('tickets', ticket.id, 'companies', company.toId, { primary: true });
    if (contact) store.associate('tickets', ticket.id, 'contacts', contact.toId);
    store.addTicketEmail(ticket.id, { direction: 'EMAIL', text: 'We reset the staging password; the new one is in your password manager share.', fromFirstName: 'Alex', fromLastName: 'Owner', subject: 'Re: Staging site login' });
    store.addTicketNote(ticket.id, 'Internal: the staging basic-auth was rotated by mistake.');
    // Documents: the signed contract on a note on the company and the brief on a note on the deal
    // (PRIVATE files: listed, streamed through the hub); a public logo on the same note never is.
    const files = fileManagerOf(store);
    if (company) {
      const contract = files.add({ fileName: 'Northwind master services agreement (signed).pdf', body: renderTextPdf('Master services agreement', ['Brightside Agency and Northwind Traders', 'Signed by both parties.']), folderPath: '/CRM attachments', access: 'PRIVATE' });
      const logo = files.add({ fileName: 'Northwind logo.png', body: Buffer.from('not a real png'), folderPath: '/Brand', access: 'PUBLIC_INDEXABLE' });
      addNoteWithAttachments(store, { body: 'Signed MSA attached.', fileIds: [contract.id, logo.id], on: [{ type: 'companies', id: company.toId }] });
    }
    const brief = files.add({ fileName: 'Website rebuild creative brief.pdf', body: renderTextPdf('Website rebuild: creative brief', ['Goals, audience, tone of voice, references.']), folderPath: '/CRM attachments', access: 'PRIVATE' });
    addNoteWithAttachments(store, { body: 'Creative brief from the kick-off.', fileIds: [brief.id], on: [{ type: 'deals', id: deal.id }] });
    const emulator = await startHubSpotEmulator({ store, port: options.port, rateLimitEvery: options.rateLimitEvery, oauth: APP });
    // The emulator answers far faster than HubSpot's 4 searches a second: the demo need not wait.
    const endpoints = { HUBSPOT_BASE_URL: emulator.url, HUBSPOT_SEARCH_RPS: '50' };
    return {
      url: emulator.url,
      describe: `HubSpot emulator at ${emulator.url} with ${store.objects.companies.size} companies, ${store.objects.contacts.size} contacts, ${store.objects.deals.size} deals`,
      env: { ...endpoints, HUBSPOT_ACCESS_TOKEN: 'demo-private-app-token', HUBSPOT_CLIENT_SECRET: APP.clientSecret },
      oauthEnv: { ...endpoints, HUBSPOT_AUTHORIZE_URL: `${emulator.url}/oauth/authorize`, HUBSPOT_CLIENT_ID: APP.clientId, HUBSPOT_CLIENT_SECRET: APP.clientSecret },
      consoleHint: 'OAuth: the emulator grants at once',
      async winDeal(hub) {
        const event = store.moveDealToStage(deal.id, 'closedwon');
        const response = await deliverHubSpotWebhook({ signedUrl: `${hub.publicUrl}/webhooks/hubspot`, postTo: `${hub.postTo}/webhooks/hubspot`, clientSecret: APP.clientSecret, events: [event] });
        return `Deal "${DEAL}" moved to Closed Won in HubSpot; its signed webhook was answered ${response.status} ${await response.text()}`;
      },
      close: () => emulator.close(),
    };
  },
};

export default hubspotDemo;
