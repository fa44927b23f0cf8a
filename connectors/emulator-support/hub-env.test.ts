import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startQuickBooksEmulator, type QuickBooksEmulator } from '../quickbooks/emulator/start-quickbooks-emulator.js';
import { startXeroEmulator, type XeroEmulator } from '../xero/emulator/start-xero-emulator.js';
import { startStripeEmulator, type StripeEmulator } from '../stripe/emulator/start-stripe-emulator.js';
import { startAsanaEmulator, type AsanaEmulator } from '../asana/emulator/start-asana-emulator.js';
import { quickBooksHubEnv } from '../quickbooks/emulator/hub-env.js';
import { xeroHubEnv } from '../xero/emulator/hub-env.js';
import { stripeHubEnv } from '../stripe/emulator/hub-env.js';
import { asanaHubEnv } from '../asana/emulator/hub-env.js';
import { stripeSettings } from '../stripe/settings.js';
import { quickbooksSettings } from '../quickbooks/settings.js';
import { xeroSettings } from '../xero/settings.js';
import { asanaSettings } from '../asana/settings.js';

describe('hub environment for each emulator', () => {
  let emulators: [QuickBooksEmulator, XeroEmulator, StripeEmulator, AsanaEmulator];
  beforeAll(async () => {
    emulators = await Promise.all([startQuickBooksEmulator(), startXeroEmulator(), startStripeEmulator(), startAsanaEmulator()]);
  });
  afterAll(() => Promise.all(emulators.map((emulator) => emulator.close())));

  it('configures the hub to call the emulators', () => {
    const [quickbooks, xero, stripe, asana] = emulators;
    const config = loadConfig({ ...quickBooksHubEnv(quickbooks, 'v'), ...xeroHubEnv(xero, 'k'), ...stripeHubEnv(stripe, 'whsec_x'), ...asanaHubEnv(asana) });
    expect(quickbooksSettings.read(config)).toMatchObject({ baseUrl: `${quickbooks.url}/v3/company/`, tokenUrl: quickbooks.tokenUrl, realmId: quickbooks.store.realmId });
    expect(xeroSettings.read(config)).toMatchObject({ baseUrl: xero.url, identityUrl: xero.url, tenantId: xero.store.tenantId });
    expect(stripeSettings.read(config)).toMatchObject({ protocol: 'http', host: '127.0.0.1', port: stripe.sdkOptions.port, secretKey: 'sk_test_demoEmulatorKey' });
    expect(asanaSettings.read(config)).toMatchObject({ baseUrl: asana.apiBase, workspaceGid: asana.store.workspace.gid, tokenUrl: `${asana.url}/-/oauth_token` });
  });
});
