import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { applyMappingOverrides } from './apply-mapping-overrides.js';

const config = (mappings: unknown) => {
  const base = loadConfig({ CLIENTHUB_DATA_DIR: '/tmp/unused' }, '/tmp');
  return { ...base, mappingOverrides: mappings as typeof base.mappingOverrides };
};

describe('workspace mapping overrides', () => {
  const raw = { properties: { dealname: 'Website', project_phase: 'Discovery', hs_probability: '0.9', amount: 'n/a', account_manager: 'Ann Lee' } };
  const mapped = { name: 'Website', amountMinor: 100, isWon: false, ownerExternalId: null, companyExternalIds: [] };

  it('replaces a unified field by a payload value of its type, and adds others under custom', () => {
    const out = applyMappingOverrides(mapped, raw, config({ hubspot: { deals: { ownerExternalId: 'properties.account_manager', 'Project phase': 'properties.project_phase', Missing: 'properties.nope' } } }), 'hubspot', 'deals');
    expect(out).toEqual({ ...mapped, ownerExternalId: 'Ann Lee', custom: { 'Project phase': 'Discovery', Missing: null } });
  });

  it('refuses a value that does not fit the field, so the record is dead-lettered with the reason', () => {
    expect(() => applyMappingOverrides(mapped, raw, config({ hubspot: { deals: { amountMinor: 'properties.amount' } } }), 'hubspot', 'deals')).toThrow(/amountMinor read "n\/a" from properties.amount, which is not a number/);
  });

  it('leaves records of other providers and objects alone', () => {
    expect(applyMappingOverrides(mapped, raw, config({ hubspot: { companies: { name: 'properties.x' } } }), 'hubspot', 'deals')).toBe(mapped);
  });

  it('rejects an unreadable path when the configuration loads, not at the first sync', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clienthub-config-'));
    writeFileSync(join(dir, 'clienthub.json'), JSON.stringify({ mappings: { hubspot: { deals: { phase: 'properties[broken' } } } }));
    expect(() => loadConfig({ CLIENTHUB_CONFIG: join(dir, 'clienthub.json') }, dir)).toThrow(/Unreadable field path "properties\[broken"/);
    rmSync(dir, { recursive: true, force: true });
  });
});
