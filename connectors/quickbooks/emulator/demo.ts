/** QuickBooks Online in the demo: a company seeded with the demo clients' customers, invoices, payments and credit notes. */
import type { DemoEmulator } from '../../../src/connector-kit/demo-emulator.js';
import { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { startQuickBooksEmulator } from './start-quickbooks-emulator.js';
import { seedQuickBooksDemo } from './seed-quickbooks-demo.js';
import { quickBooksHubEnv } from './hub-env.js';
import { renderTextPdf } from '../../emulator-support/render-pdf.js';

/** The demo's Intuit app (the emulator accepts any). */
const APP = { QUICKBOOKS_CLIENT_ID: 'demo-quickbooks-app', QUICKBOOKS_CLIENT_SECRET: 'demo-quickbooks-secret' };

const quickbooksDemo: DemoEmulator = {
  provider: 'quickbooks',
  role: 'source',
  async start(options) {
    const store = new QuickBooksEmulatorStore();
    const seed = seedQuickBooksDemo(store);
    // Documents: the milestone's acceptance sheet goes to the customer with invoice 1003 (IncludeOnSend); the contractor's timesheet stays in the books.
    const milestone = seed.invoiceIds['1003']!;
    store.addInvoiceAttachment({ invoiceId: milestone, fileName: 'Milestone 1 acceptance.pdf', contentType: 'application/pdf', body: renderTextPdf('Milestone 1 acceptance', ['Design and build, milestone 1: accepted.']), includeOnSend: true });
    store.addInvoiceAttachment({ invoiceId: milestone, fileName: 'Contractor timesheet.csv', contentType: 'text/csv', body: Buffer.from('date,hours\n'), includeOnSend: false });
    const emulator = await startQuickBooksEmulator({ store, port: options.port, rateLimitEvery: options.rateLimitEvery });
    const { QUICKBOOKS_REALM_ID, QUICKBOOKS_ACCESS_TOKEN, ...endpoints } = quickBooksHubEnv(emulator, 'demo-quickbooks-verifier');
    return {
      url: emulator.url,
      describe: `QuickBooks emulator at ${emulator.url}`,
      env: { ...endpoints, QUICKBOOKS_REALM_ID, QUICKBOOKS_ACCESS_TOKEN },
      // From the console the company comes back on the OAuth callback (realmId), as at Intuit.
      oauthEnv: { ...endpoints, ...APP },
      consoleHint: 'OAuth: the emulator grants at once',
      close: () => emulator.close(),
    };
  },
};

export default quickbooksDemo;
