import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableProviders } from '../connector-kit/registry.js';
import { findDemoEmulatorFiles, loadDemoEmulators } from './load-demo-emulators.js';
import { readDemoEmulatorOptions } from './read-demo-emulator-options.js';
import { defaultDemoCrm } from './start-demo-emulators.js';
import { chooseDemoCrm } from '../cli/choose-demo-crm.js';

describe('demo emulators found by folder convention', () => {
  it('finds one entry point per provider that has an emulator, each exporting its own provider and a role', async () => {
    const emulators = await loadDemoEmulators();
    const providers = emulators.map((emulator) => emulator.provider);
    // Every provider folder with an emulator/demo.ts is a provider the registry knows.
    for (const provider of providers) expect(availableProviders()).toContain(provider);
    expect(emulators.filter((emulator) => emulator.role === 'crm').length).toBeGreaterThanOrEqual(2);
    expect(emulators.filter((emulator) => emulator.role === 'source').length).toBeGreaterThanOrEqual(4);
    // One CRM is the default, and it is a CRM.
    const fallback = defaultDemoCrm(emulators)!;
    expect(emulators.find((emulator) => emulator.provider === fallback)?.role).toBe('crm');
    expect(emulators.filter((emulator) => emulator.defaultCrm)).toHaveLength(1);
  });

  it('a folder whose entry point is wrong names itself; a tree without emulators (a build) finds none', async () => {
    const dirs: string[] = [];
    // A fresh tree per case: a module URL, once imported, stays imported.
    const treeWith = (entry: string | null) => {
      const dir = mkdtempSync(join(tmpdir(), 'clienthub-demo-emulators-'));
      dirs.push(dir);
      mkdirSync(join(dir, 'acme', 'emulator'), { recursive: true });
      mkdirSync(join(dir, 'plain'), { recursive: true });
      if (entry !== null) writeFileSync(join(dir, 'acme', 'emulator', 'demo.js'), entry);
      return dir;
    };
    try {
      expect(findDemoEmulatorFiles(join(tmpdir(), 'clienthub-no-such-tree'))).toEqual([]);
      expect(findDemoEmulatorFiles(treeWith(null))).toEqual([]);
      const good = treeWith("export default { provider: 'acme', role: 'source', start() {} };\n");
      expect((await loadDemoEmulators(good)).map((emulator) => emulator.provider)).toEqual(['acme']);
      await expect(loadDemoEmulators(treeWith("export default { provider: 'other', role: 'crm', start() {} };\n"))).rejects.toThrow('connectors/acme/emulator/demo exports provider "other", not "acme"');
      await expect(loadDemoEmulators(treeWith("export default { provider: 'acme', role: 'crm' };\n"))).rejects.toThrow('connectors/acme/emulator/demo does not default-export a DemoEmulator');
      await expect(loadDemoEmulators(treeWith("export default { provider: 'acme', role: 'both', start() {} };\n"))).rejects.toThrow('connectors/acme/emulator/demo has role "both"');
      await expect(loadDemoEmulators(treeWith('import "./missing.js";\n'))).rejects.toThrow(/^connectors\/acme\/emulator\/demo failed to load: /);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads each emulator's port and rate-limit option by the provider's name, and refuses nonsense", () => {
    expect(readDemoEmulatorOptions('xero', { XERO_EMULATOR_429_EVERY: '7', XERO_EMULATOR_PORT: '4010' })).toEqual({ port: 4010, rateLimitEvery: 7 });
    expect(readDemoEmulatorOptions('xero', {})).toEqual({ port: 0 });
    expect(readDemoEmulatorOptions('xero', { XERO_EMULATOR_429_EVERY: '0' })).toEqual({ port: 0, rateLimitEvery: undefined });
    expect(() => readDemoEmulatorOptions('stripe', { STRIPE_EMULATOR_429_EVERY: 'often' })).toThrow(/STRIPE_EMULATOR_429_EVERY must be a whole number of 2 or more/);
    expect(() => readDemoEmulatorOptions('stripe', { STRIPE_EMULATOR_429_EVERY: '1' })).toThrow(/STRIPE_EMULATOR_429_EVERY/);
    expect(() => readDemoEmulatorOptions('acme-crm', { ACME_CRM_EMULATOR_PORT: '70000' })).toThrow(/^ACME_CRM_EMULATOR_PORT must be a port number/);
  });
});

describe('clienthub demo --crm', () => {
  const start = () => Promise.reject(new Error('not started in this test'));
  const emulators = [
    { provider: 'acme', role: 'crm' as const, start },
    { provider: 'zenith', role: 'crm' as const, defaultCrm: true, start },
    { provider: 'ledger', role: 'source' as const, start },
  ];

  it('takes --crm, or the deprecated --<crm> with a warning; nothing named is the default CRM', () => {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    expect(chooseDemoCrm({ crm: 'acme', leftover: [], emulators, warn })).toBe('acme');
    expect(chooseDemoCrm({ leftover: [], emulators, warn })).toBeUndefined();
    expect(defaultDemoCrm(emulators)).toBe('zenith');
    expect(defaultDemoCrm(emulators.filter((emulator) => !emulator.defaultCrm))).toBe('acme');
    expect(warnings).toEqual([]);
    expect(chooseDemoCrm({ leftover: ['--acme'], emulators, warn })).toBe('acme');
    expect(warnings).toEqual(['--acme is deprecated: use --crm acme']);
  });

  it('refuses a provider without a CRM emulator, two CRMs, and anything else, naming the choices', () => {
    const warn = () => {};
    expect(() => chooseDemoCrm({ crm: 'ledger', leftover: [], emulators, warn })).toThrow('demo: --crm ledger has no demo emulator; the CRMs with a demo emulator: acme, zenith');
    expect(() => chooseDemoCrm({ leftover: ['--ledger'], emulators, warn })).toThrow(/unknown option or argument "--ledger"/);
    expect(() => chooseDemoCrm({ crm: 'zenith', leftover: ['--acme'], emulators, warn })).toThrow(/two CRMs named \(zenith and acme\)/);
    expect(() => chooseDemoCrm({ leftover: ['extra'], emulators, warn })).toThrow(/unknown option or argument "extra"/);
  });
});
