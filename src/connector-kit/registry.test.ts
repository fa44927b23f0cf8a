import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableProviders, loadConnectorRegistry } from './registry.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A connectors/ folder of plug-ins written for the test: provider → connector module source. */
function connectorsDir(modules: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'clienthub-connectors-'));
  dirs.push(dir);
  for (const [provider, source] of Object.entries(modules)) {
    mkdirSync(join(dir, provider));
    writeFileSync(join(dir, provider, 'connector.js'), source);
  }
  mkdirSync(join(dir, 'emulator-support'));
  return dir;
}

describe('connector registry', () => {
  it('finds every provider folder of this tree by convention, and nothing else', async () => {
    const providers = availableProviders();
    expect(providers).toEqual(expect.arrayContaining(['asana', 'hubspot', 'quickbooks', 'salesforce', 'stripe', 'xero']));
    expect(providers).not.toContain('emulator-support');
    const registry = await loadConnectorRegistry();
    for (const connector of registry.all()) {
      // Every connector declares what core needs to know about it: core has no table of its own.
      expect(connector.settings.provider).toBe(connector.provider);
      expect(connector.environment.baseUrl).toMatch(/^[A-Z_]+_URL/);
      for (const variable of connector.settings.variables) expect(variable.doc.length).toBeGreaterThan(5);
    }
  });

  it('names the folder of a connector that fails to load', async () => {
    const dir = connectorsDir({ broken: 'throw new Error("missing SDK");\nexport default {};\n', empty: 'export const nothing = 1;\n' });
    expect(availableProviders(dir)).toEqual(['broken', 'empty']);
    await expect(loadConnectorRegistry(['broken'], dir)).rejects.toThrow('connectors/broken failed to load: missing SDK');
    await expect(loadConnectorRegistry(['empty'], dir)).rejects.toThrow('connectors/empty/connector does not default-export a connector');
  });

  it('refuses a folder whose connector says it is another provider', async () => {
    const dir = connectorsDir({ acme: 'export default { provider: "other", displayName: "Other" };\n' });
    await expect(loadConnectorRegistry(undefined, dir)).rejects.toThrow('connectors/acme/connector exports provider "other"');
  });
});
