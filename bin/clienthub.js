#!/usr/bin/env node
// `npx clienthub …` and `npm start`: compile only if the sources are newer than dist/, then run the CLI.
import { ensureBuilt } from './ensure-built.js';

try {
  ensureBuilt();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
await import('../dist/src/cli/main.js');
