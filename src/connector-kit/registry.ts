import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connector } from './connector.js';
import { rememberProviderName } from './provider-names.js';

/** connectors/ beside src/ (from source, and as built into dist/). */
const here = join(dirname(fileURLToPath(import.meta.url)), '../../connectors');

/** Provider folders present under connectors/: each one that has a connector module is a provider. */
export function availableProviders(dir = here): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[a-z0-9-]+$/.test(entry.name))
    .filter((entry) => existsSync(join(dir, entry.name, 'connector.ts')) || existsSync(join(dir, entry.name, 'connector.js')))
    .map((entry) => entry.name)
    .sort();
}

export interface ConnectorRegistry {
  get(provider: string): Connector;
  has(provider: string): boolean;
  all(): Connector[];
}

/** Loads every provider's connector by convention (connectors/<provider>/connector.ts): adding a provider touches only its folder. */
export async function loadConnectorRegistry(providers?: string[], dir = here): Promise<ConnectorRegistry> {
  providers ??= availableProviders(dir);
  const connectors = new Map<string, Connector>();
  for (const provider of providers) {
    // Run from source (tsx, vitest) the module is .ts; built, it is .js.
    const file = ['connector.js', 'connector.ts'].map((name) => join(dir, provider, name)).find((path) => existsSync(path));
    if (!file) throw new Error(`connectors/${provider} has no connector module`);
    let module: { default?: Connector };
    try {
      module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default?: Connector };
    } catch (error) {
      throw new Error(`connectors/${provider} failed to load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!module.default || typeof module.default !== 'object') throw new Error(`connectors/${provider}/connector does not default-export a connector`);
    if (module.default.provider !== provider) {
      throw new Error(`connectors/${provider}/connector exports provider "${module.default.provider}"`);
    }
    connectors.set(provider, module.default);
    rememberProviderName(provider, module.default.displayName);
  }
  return {
    get(provider) {
      const connector = connectors.get(provider);
      if (!connector) throw new Error(`No connector for provider "${provider}"`);
      return connector;
    },
    has: (provider) => connectors.has(provider),
    all: () => [...connectors.values()],
  };
}
