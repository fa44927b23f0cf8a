/** Every configuration error names its file (and key) or variable, says what to do, and is never zod's issue JSON. */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config.js';
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
    expect(errorOf(() => loadConfig({ STRIPE_BASE_URL: 'api.stripe.com' }, tmpdir()))).toMatch(/^STRIPE_BASE_URL must be an absolute URL/);
    expect(errorOf(() => loadConfig({ HUBSPOT_SEARCH_RPS: 'fast' }, tmpdir()))).toMatch(/^HUBSPOT_SEARCH_RPS must be a number above 0/);
    expect(errorOf(() => loadConfig({ SALESFORCE_JWT_PRIVATE_KEY_FILE: 'no/such/key.pem' }, tmpdir()))).toMatch(/^SALESFORCE_JWT_PRIVATE_KEY_FILE points at .*no\/such\/key\.pem, which cannot be read \(ENOENT\)/);
    expect(errorOf(() => loadConfig({ CLIENTHUB_ALERT_DEAD_LETTERS: 'many' }, tmpdir()))).toMatch(/^CLIENTHUB_ALERT_DEAD_LETTERS must be a whole number/);
    expect(errorOf(() => loadConfig({ CLIENTHUB_ALERT_WEBHOOK_REFUSED_MINUTES: '0' }, tmpdir()))).toMatch(/^CLIENTHUB_ALERT_WEBHOOK_REFUSED_MINUTES must be at least 1/);
    expect(errorOf(() => loadConfig({ CLIENTHUB_ALERT_WEBHOOK_URL: 'hooks.slack.com/x' }, tmpdir()))).toMatch(/^CLIENTHUB_ALERT_WEBHOOK_URL must be an http\(s\) URL/);
  });

  it('refuses a staff email that is not one in one sentence (staff add notanemail owner)', async () => {
    app = await createTestApp();
    const message = errorOf(() => addStaffUser(app!, { email: 'notanemail', role: 'owner' }));
    expect(message).toBe('"notanemail" is not an email address; give the staff member\'s email, e.g. alex@example.com');
  });
});
