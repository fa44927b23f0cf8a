import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DemoEmulator } from '../connector-kit/demo-emulator.js';

/** connectors/ beside src/: in the checkout (run from source) or in dist/ (built, where no emulator is). */
export const CONNECTORS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../connectors');

/** Each provider's demo entry point, `connectors/<provider>/emulator/demo.(js|ts)`, by folder convention. */
export function findDemoEmulatorFiles(connectorsDir: string = CONNECTORS_DIR): { provider: string; file: string }[] {
  if (!existsSync(connectorsDir)) return [];
  return readdirSync(connectorsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[a-z0-9-]+$/.test(entry.name))
    .map((entry) => ({ provider: entry.name, file: ['demo.js', 'demo.ts'].map((name) => join(connectorsDir, entry.name, 'emulator', name)).find((path) => existsSync(path)) }))
    .filter((found): found is { provider: string; file: string } => found.file !== undefined)
    .sort((a, b) => a.provider.localeCompare(b.provider));
}

/**
 * Loads every demo entry point found; a folder whose entry point fails to load, or exports
 * something else than its provider's DemoEmulator, stops the demo with an error naming it.
 */
export async function loadDemoEmulators(connectorsDir: string = CONNECTORS_DIR): Promise<DemoEmulator[]> {
  const emulators: DemoEmulator[] = [];
  for (const { provider, file } of findDemoEmulatorFiles(connectorsDir)) {
    const where = `connectors/${provider}/emulator/demo`;
    let module: { default?: Partial<DemoEmulator> };
    try {
      module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default?: Partial<DemoEmulator> };
    } catch (error) {
      throw new Error(`${where} failed to load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const emulator = module.default;
    if (!emulator || typeof emulator !== 'object' || typeof emulator.start !== 'function') throw new Error(`${where} does not default-export a DemoEmulator (src/connector-kit/demo-emulator.ts)`);
    if (emulator.provider !== provider) throw new Error(`${where} exports provider "${String(emulator.provider)}", not "${provider}"`);
    if (emulator.role !== 'crm' && emulator.role !== 'source') throw new Error(`${where} has role "${String(emulator.role)}": it must be 'crm' or 'source'`);
    emulators.push(emulator as DemoEmulator);
  }
  return emulators;
}
