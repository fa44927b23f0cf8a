/**
 * The README's provider settings tables, generated from each connector's declaration:
 *
 *   npm run docs:providers   writes them into README.md (between the provider-settings markers)
 *   npm run docs:check       exits 1, naming the command to run, when README.md is stale (run by npm test)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConnectorRegistry } from '../src/connector-kit/registry.js';
import { renderProviderSettings, type ProviderSettingsDoc } from './provider-docs/render-provider-settings.js';
import { replaceGeneratedSection } from './provider-docs/replace-generated-section.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

/** Writes README.md's provider tables, or (check) says whether they are up to date; returns the exit code and what to say. */
export function generateProviderDocs(input: { readmePath: string; providers: readonly ProviderSettingsDoc[]; check: boolean }): { code: number; message: string } {
  const readme = readFileSync(input.readmePath, 'utf8');
  let fresh: string;
  try {
    fresh = replaceGeneratedSection(readme, renderProviderSettings(input.providers));
  } catch (error) {
    return { code: 1, message: `${error instanceof Error ? error.message : String(error)}, then run npm run docs:providers.` };
  }
  if (input.check) {
    return fresh === readme
      ? { code: 0, message: `README.md's provider settings tables are up to date (${input.providers.length} providers).` }
      : { code: 1, message: "README.md's provider settings tables are stale (a connector's settings.ts changed, or a provider was added): run npm run docs:providers and commit README.md." };
  }
  if (fresh !== readme) writeFileSync(input.readmePath, fresh);
  return { code: 0, message: fresh === readme ? 'README.md was already up to date.' : `README.md's provider settings tables written (${input.providers.length} providers).` };
}

async function main(): Promise<number> {
  const registry = await loadConnectorRegistry();
  const providers = registry.all().map((connector) => ({ provider: connector.provider, displayName: connector.displayName, variables: connector.settings.variables }));
  const { code, message } = generateProviderDocs({ readmePath: README, providers, check: process.argv.includes('--check') });
  (code === 0 ? console.log : console.error)(message);
  return code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
