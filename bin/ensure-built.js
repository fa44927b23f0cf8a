/**
 * Build once: `npm start` runs the compiled dist/ and compiles only when a source file is newer
 * than dist's build stamp (a checkout that was just pulled or edited). Checking is a walk over
 * the source tree's mtimes (a few milliseconds); compiling is tsc (tens of seconds), which is why
 * it no longer happens on every start. `npm install` builds through the `prepare` script.
 *
 *   node bin/ensure-built.js --clean     removes dist/ (the build script's first step: a file left from an older build, an emulator, must not linger)
 *   node bin/ensure-built.js --stamp     records that dist/ was just built (the build script's last step)
 *   node bin/ensure-built.js --prepare   npm install's build: only if stale, and only if TypeScript is installed
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(root, 'dist', '.build-stamp');
const SOURCES = ['src', 'connectors', 'mappings', 'webhooks', 'portal-ui'];
// What tsconfig.build.json leaves out of dist/ (the emulators, test harnesses and payloads): editing them needs no build.
const NOT_BUILT = /^connectors\/(?:[^/]+\/emulator|emulator-support)$|(?:^|\/)testing$/;
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_BUILT.test(relative(root, path).split(sep).join('/'))) walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCES) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of CONFIGS) if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

export function cleanBuild() {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
}

export function markBuilt() {
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

/** Compiles when dist/ is missing or older than a source file; otherwise returns at once. */
export function ensureBuilt() {
  const stampedAt = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  if (stampedAt > 0 && newestSource() <= stampedAt) return;
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error('dist/ is missing or older than the sources and TypeScript is not installed: run npm install (it builds), or npm run build.');
  }
  process.stderr.write(stampedAt > 0 ? 'Sources changed since the last build: compiling…\n' : 'No build yet: compiling…\n');
  cleanBuild();
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  markBuilt();
}

const runDirectly = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (runDirectly && process.argv.includes('--clean')) cleanBuild();
if (runDirectly && process.argv.includes('--stamp')) markBuilt();
// `prepare` (npm install): build when TypeScript is there; an install without devDependencies
// (npm ci --omit=dev over a dist/ copied in, as in an image) must not fail for want of tsc.
if (runDirectly && process.argv.includes('--prepare')) {
  let hasTsc = true;
  try {
    createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    hasTsc = false;
  }
  if (hasTsc) ensureBuilt();
  else process.stderr.write('TypeScript is not installed (devDependencies omitted): using dist/ as it is.\n');
}
