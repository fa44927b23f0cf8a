import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONNECTORS_DIR, findDemoEmulatorFiles } from './load-demo-emulators.js';

/**
 * The production build (dist/) leaves every emulator out, so `clienthub demo` run from a build
 * runs the demo again from the checkout's sources, through tsx (a devDependency): one process
 * graph, sources only, nothing of dist/ mixed in. Where there are no sources or no tsx (an image
 * or a production install), it says so and what to run instead. Returns the demo's exit code.
 */
export async function runDemoFromSource(args: string[], codeRoot: string = dirname(CONNECTORS_DIR)): Promise<number> {
  // Built, the code root is <checkout>/dist; the checkout is its parent.
  const checkout = dirname(codeRoot);
  const main = join(checkout, 'src', 'cli', 'main.ts');
  const missing = 'The demo runs the providers\' emulators, which the production build leaves out';
  if (!existsSync(main) || findDemoEmulatorFiles(join(checkout, 'connectors')).length === 0) {
    throw new Error(`${missing}, and no checkout with their sources is beside ${codeRoot}: run the demo from a clone of the repository (npm install, then npm run demo).`);
  }
  let loader: string;
  try {
    loader = pathToFileURL(createRequire(join(checkout, 'package.json')).resolve('tsx')).href;
  } catch {
    throw new Error(`${missing}, and tsx (a devDependency) is not installed to run them from source: run npm install (with dev dependencies), then npm run demo.`);
  }
  const child = spawn(process.execPath, ['--import', loader, main, ...args], { stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal itself; a SIGTERM sent to this process alone is passed on.
  const ignoreInterrupt = () => {};
  const forwardTerm = () => child.kill('SIGTERM');
  process.on('SIGINT', ignoreInterrupt);
  process.on('SIGTERM', forwardTerm);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    process.off('SIGINT', ignoreInterrupt);
    process.off('SIGTERM', forwardTerm);
  }
}
