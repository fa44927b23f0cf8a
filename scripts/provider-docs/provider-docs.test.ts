import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineSettings, setting } from '../../src/connector-kit/define-settings.js';
import { loadConnectorRegistry } from '../../src/connector-kit/registry.js';
import { generateProviderDocs } from '../generate-provider-docs.js';
import { renderProviderSettings } from './render-provider-settings.js';
import { END_MARKER, START_MARKER } from './replace-generated-section.js';

const acme = (doc: string) =>
  defineSettings({
    provider: 'acme',
    displayName: 'Acme CRM',
    variables: {
      token: { env: 'ACME_TOKEN', schema: setting.text(), secret: true, doc },
      baseUrl: { env: 'ACME_BASE_URL', file: 'baseUrl', schema: setting.url('https://api.acme.example/'), doc: 'API base URL' },
      rps: { env: 'ACME_RPS', schema: setting.positive(4), doc: 'requests per second | per account' },
      stages: { env: 'ACME_STAGES', schema: setting.listOr(['won', 'closed']), doc: 'stages that count as won' },
      sandbox: { env: 'ACME_SANDBOX', schema: setting.flag(false), doc: 'the sandbox host' },
      region: { env: 'ACME_REGION', schema: setting.text(), defaultText: 'the account’s own', doc: 'data region' },
    },
  });

describe('README provider settings, generated from the declarations', () => {
  it('renders one table per provider: defaults from the schema or defaultText, secrets and config file keys marked, pipes escaped', () => {
    const settings = acme('access token');
    const table = renderProviderSettings([{ provider: 'acme', displayName: settings.displayName, variables: settings.variables }]);
    expect(table).toContain('#### Acme CRM\n\nDeclared in `connectors/acme/settings.ts`.');
    expect(table).toContain('| `ACME_TOKEN` | unset | yes | access token |');
    expect(table).toContain('| `ACME_BASE_URL` | `https://api.acme.example` |  | API base URL (file: `providers.acme.baseUrl`) |');
    expect(table).toContain('| `ACME_RPS` | `4` |  | requests per second \\| per account |');
    expect(table).toContain('| `ACME_STAGES` | `won,closed` |  | stages that count as won |');
    expect(table).toContain('| `ACME_SANDBOX` | `false` |  | the sandbox host |');
    expect(table).toContain('| `ACME_REGION` | the account’s own |  | data region |');
  });

  it('writes between the markers only, and the check fails naming the command once a declaration changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clienthub-provider-docs-'));
    const readmePath = join(dir, 'README.md');
    const providers = (doc: string) => {
      const settings = acme(doc);
      return [{ provider: 'acme', displayName: settings.displayName, variables: settings.variables }];
    };
    try {
      writeFileSync(readmePath, `# Title\n\nBefore.\n\n${START_MARKER}\nhand-written, out of date\n${END_MARKER}\n\nAfter.\n`);
      expect(generateProviderDocs({ readmePath, providers: providers('access token'), check: true })).toEqual({ code: 1, message: expect.stringMatching(/stale .*: run npm run docs:providers and commit README\.md\.$/) });

      expect(generateProviderDocs({ readmePath, providers: providers('access token'), check: false }).code).toBe(0);
      const written = readFileSync(readmePath, 'utf8');
      expect(written.startsWith('# Title\n\nBefore.\n\n<!-- provider-settings:start -->\n')).toBe(true);
      expect(written.endsWith('<!-- provider-settings:end -->\n\nAfter.\n')).toBe(true);
      expect(written).not.toContain('hand-written');
      expect(generateProviderDocs({ readmePath, providers: providers('access token'), check: true }).code).toBe(0);
      // Writing again changes nothing.
      expect(generateProviderDocs({ readmePath, providers: providers('access token'), check: false }).message).toBe('README.md was already up to date.');

      // A declaration's doc line changes: the README is stale, and the check says what to run.
      const stale = generateProviderDocs({ readmePath, providers: providers('a token from the Acme admin page'), check: true });
      expect(stale.code).toBe(1);
      expect(stale.message).toContain('npm run docs:providers');
      expect(readFileSync(readmePath, 'utf8')).toBe(written);
      // A provider added: stale too.
      expect(generateProviderDocs({ readmePath, providers: [...providers('access token'), { provider: 'zeta', displayName: 'Zeta', variables: [] }], check: true }).code).toBe(1);

      writeFileSync(readmePath, '# Title without markers\n');
      expect(generateProviderDocs({ readmePath, providers: providers('access token'), check: true })).toEqual({ code: 1, message: expect.stringMatching(/^README\.md needs one <!-- provider-settings:start --> … <!-- provider-settings:end --> section .*, then run npm run docs:providers\.$/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("this checkout's README matches every connector's declaration", async () => {
    const registry = await loadConnectorRegistry();
    const providers = registry.all().map((connector) => ({ provider: connector.provider, displayName: connector.displayName, variables: connector.settings.variables }));
    const result = generateProviderDocs({ readmePath: fileURLToPath(new URL('../../README.md', import.meta.url)), providers, check: true });
    expect(result, result.message).toMatchObject({ code: 0 });
  });
});
