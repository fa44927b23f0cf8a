/**
 * Can the emulators hold and serve the bench's sizes? Seeds each with `--records N` (default
 * 1 000 000) and pages through one whole collection over HTTP the way the hub's SDKs do: HubSpot
 * search windows (200 a page, re-anchored before the 10 000th result), Salesforce's opportunity query
 * with contact roles (batches of 2 000 via nextRecordsUrl), Stripe's customers list (100 a page with
 * starting_after). Prints seconds to seed and to serve.   npx tsx bench/emulator-scale.ts --records 1000000
 */
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { SalesforceEmulatorStore } from '../connectors/salesforce/emulator/salesforce-emulator-store.js';
import { startSalesforceEmulator } from '../connectors/salesforce/emulator/start-salesforce-emulator.js';
import { StripeEmulatorStore } from '../connectors/stripe/emulator/stripe-emulator-store.js';
import { startStripeEmulator } from '../connectors/stripe/emulator/start-stripe-emulator.js';

const index = process.argv.indexOf('--records');
const RECORDS = Number(index >= 0 ? process.argv[index + 1] : 1_000_000);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : ['hubspot', 'salesforce', 'stripe'];
const seconds = (since: number) => +((performance.now() - since) / 1000).toFixed(1);

async function hubspot() {
  let t = performance.now();
  const store = new HubSpotEmulatorStore();
  store.generate(Math.round(RECORDS / 4));
  const seeded = seconds(t);
  const emulator = await startHubSpotEmulator({ store });
  t = performance.now();
  let read = 0;
  let anchor: number | null = null;
  let after = 0;
  for (;;) {
    const body = { filterGroups: anchor === null ? [] : [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(anchor) }] }], sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }], properties: ['email', 'hs_lastmodifieddate'], limit: 200, after: String(after) };
    const page = (await (await fetch(`${emulator.url}/crm/v3/objects/contacts/search`, { method: 'POST', headers: { authorization: 'Bearer x', 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { results: { properties: Record<string, string> }[]; paging?: { next?: { after: string } } };
    read += page.results.length;
    const next = page.paging?.next?.after;
    if (!next) break;
    if (Number(next) + 200 > 10_000) {
      anchor = Date.parse(page.results.at(-1)!.properties.hs_lastmodifieddate!);
      after = 0;
    } else after = Number(next);
  }
  await emulator.close();
  return { emulator: 'hubspot', records: RECORDS, seedSeconds: seeded, served: `${read} contacts (search windows)`, serveSeconds: seconds(t) };
}

async function salesforce() {
  let t = performance.now();
  const store = new SalesforceEmulatorStore(() => Date.now() - 3600_000);
  store.generate(Math.round(RECORDS / 5));
  const seeded = seconds(t);
  const emulator = await startSalesforceEmulator({ store });
  t = performance.now();
  const soql = 'SELECT Id, Name, SystemModstamp, (SELECT ContactId, Role, IsPrimary FROM OpportunityContactRoles) FROM Opportunity ORDER BY SystemModstamp, Id';
  let url: string | undefined = `${emulator.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`;
  let read = 0;
  while (url) {
    const page = (await (await fetch(url, { headers: { authorization: 'Bearer x' } })).json()) as { records: unknown[]; nextRecordsUrl?: string };
    read += page.records.length;
    url = page.nextRecordsUrl ? `${emulator.url}${page.nextRecordsUrl}` : undefined;
  }
  await emulator.close();
  return { emulator: 'salesforce', records: RECORDS, seedSeconds: seeded, served: `${read} opportunities with contact roles`, serveSeconds: seconds(t) };
}

async function stripe() {
  let t = performance.now();
  const store = new StripeEmulatorStore({ events: false, now: () => Date.now() - 86_400_000 });
  // Per customer: 4 invoices (2 paid by one PaymentIntent with its charge and 2 invoice payments): 10 objects.
  for (let c = 0; c < Math.round(RECORDS / 10); c++) {
    const customer = store.createCustomer({ name: `Customer ${c}` });
    const invoices = [0, 1, 2, 3].map((n) => store.finalizeInvoice(String(store.createInvoice({ customerId: String(customer.id), lines: [{ description: `Work ${n}`, unitAmount: 1000, quantity: 1 }], collectionMethod: 'send_invoice', daysUntilDue: 30 }).id)));
    store.payInvoices([String(invoices[0]!.id), String(invoices[1]!.id)]);
  }
  const seeded = seconds(t);
  const emulator = await startStripeEmulator({ store });
  t = performance.now();
  let read = 0;
  let after: string | undefined;
  for (let more = true; more; ) {
    const page = (await (await fetch(`${emulator.url}/v1/invoices?limit=100&expand[0]=data.payments${after ? `&starting_after=${after}` : ''}`, { headers: { authorization: 'Bearer sk_test_x' } })).json()) as { data: { id: string }[]; has_more: boolean };
    read += page.data.length;
    after = page.data.at(-1)?.id;
    more = page.has_more;
  }
  await emulator.close();
  return { emulator: 'stripe', records: RECORDS, seedSeconds: seeded, served: `${read} invoices with payments expanded`, serveSeconds: seconds(t) };
}

const results = [];
for (const [name, run] of [['hubspot', hubspot], ['salesforce', salesforce], ['stripe', stripe]] as const) if (only.includes(name)) results.push(await run());
console.log(JSON.stringify(results, null, 2));
