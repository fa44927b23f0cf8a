/** Every configuration error names its file (and key) or variable, says what to do, and is never zod's issue JSON. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config.js';
import { loadConnectorRegistry } from '../connector-kit/registry.js';
import { applyConnectorDeclarations } from '../connector-kit/apply-connector-declarations.js';
import { addStaffUser } from '../staff/add-staff-user.js';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';

const dirs: string[] = [];
let app: TestApp | undefined;
afterEach(async () => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await app?.dispose();
  app = undefined;
});

function withConfigFile(text: string): { file: string; load: (env?: Record<string, string>) => unknown } {
  const dir = mkdtempSync(join(tmpdir(), 'clienthub-config-'));
  dirs.push(dir);
  const file = join(dir, 'clienthub.json');
  writeFileSync(file, text);
  return { file, load: (env = {}) => loadConfig({ CLIENTHUB_CONFIG: file, ...env }, dir) };
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const NO_ISSUE_JSON = /"code"\s*:|"path"\s*:\s*\[|^\s*\[\s*\{/m;

describe('configuration errors', () => {
  it('names the file, line and column of broken JSON', () => {
    const { file, load } = withConfigFile('{\n  "port": 3000\n  "businessName": "Brightside"\n}\n');
    const message = errorOf(load);
    expect(message).toContain(`Config file ${file} is not valid JSON`);
    expect(message).toMatch(/line 3, column 3/);
    expect(message).toMatch(/point CLIENTHUB_CONFIG at another file/);
    expect(message).not.toMatch(/position \d+/);
  });

  it('lists unknown and mistyped keys by path, prettified', () => {
    const { file, load } = withConfigFile(JSON.stringify({ prot: 3000, identity: { autoLinkConfidence: 'high' } }));
    const message = errorOf(load);
    expect(message).toContain(`Config file ${file} has settings the hub cannot use`);
    expect(message).toMatch(/Unrecognized key: "prot"/);
    expect(message).toMatch(/→ at identity\.autoLinkConfidence/);
    expect(message).not.toMatch(NO_ISSUE_JSON);
  });

  it('names the provider, object type and field of an unreadable mapping path', () => {
    const { load } = withConfigFile(JSON.stringify({ mappings: { hubspot: { contacts: { 'custom.phase': 'properties..phase[' } } } }));
    expect(errorOf(load)).toMatch(/^Config file key mappings\.hubspot\.contacts\.custom\.phase: Unreadable field path "properties\.\.phase\[".*write a path such as/);
  });

  it('names the variable of a bad value given by environment', () => {
    expect(errorOf(() => loadConfig({ CLIENTHUB_ALERT_DEAD_LETTERS: 'many' }, tmpdir()))).toMatch(/^CLIENTHUB_ALERT_DEAD_LETTERS must be a whole number/);
    expect(errorOf(() => loadConfig({ CLIENTHUB_ALERT_WEBHOOK_REFUSED_MINUTES: '0' }, tmpdir()))).toMatch(/^CLIENTHUB_ALERT_WEBHOOK_REFUSED_MINUTES must be at least 1/);
    expect(errorOf(() => loadConfig({ CLIENTHUB_ALERT_WEBHOOK_URL: 'hooks.slack.com/x' }, tmpdir()))).toMatch(/^CLIENTHUB_ALERT_WEBHOOK_URL must be an http\(s\) URL/);
  });

  it("names the provider and variable of a bad connector setting, at start, in one sentence", async () => {
    const registry = await loadConnectorRegistry();
    const start = (env: Record<string, string>) => () => applyConnectorDeclarations(loadConfig(env, tmpdir()), registry);
    expect(errorOf(start({ STRIPE_BASE_URL: 'api.stripe.com' }))).toBe('Stripe: STRIPE_BASE_URL must be an absolute URL such as https://api.example.com, got "api.stripe.com": fix it (API base URL) or unset it, then start the hub again');
    expect(errorOf(start({ HUBSPOT_SEARCH_RPS: 'fast' }))).toMatch(/^HubSpot: HUBSPOT_SEARCH_RPS must be a number above 0, got "fast": fix it/);
    expect(errorOf(start({ QUICKBOOKS_SANDBOX: 'maybe' }))).toMatch(/^QuickBooks Online: QUICKBOOKS_SANDBOX must be true or false, got "maybe"/);
    expect(errorOf(start({ SALESFORCE_JWT_PRIVATE_KEY_FILE: 'no/such/key.pem' }))).toMatch(/^Salesforce: SALESFORCE_JWT_PRIVATE_KEY_FILE points at .*no\/such\/key\.pem, which cannot be read \(ENOENT\)/);
    for (const env of [{ STRIPE_BASE_URL: 'x' }, { HUBSPOT_SEARCH_RPS: '-1' }, { XERO_BASE_URL: 'ftp:/x' }] as Record<string, string>[]) expect(errorOf(start(env))).not.toMatch(NO_ISSUE_JSON);
    // A config file's provider section is read by the same declaration, and named by its key.
    const { load } = withConfigFile(JSON.stringify({ providers: { hubspot: { baseUrl: 'not a url' } } }));
    expect(errorOf(() => applyConnectorDeclarations(load() as ReturnType<typeof loadConfig>, registry))).toMatch(/^HubSpot: config file key providers\.hubspot\.baseUrl must be an absolute URL/);
  });

  it('refuses a staff email that is not one in one sentence (staff add notanemail owner)', async () => {
    app = await createTestApp();
    const message = await addStaffUser(app!, { email: 'notanemail', role: 'owner' }).then(
      () => 'no error',
      (error: unknown) => (error as Error).message,
    );
    expect(message).toBe('"notanemail" is not an email address; give the staff member\'s email, e.g. alex@example.com');
  });
});
