import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemoFromSource } from './run-demo-from-source.js';

const checkout = fileURLToPath(new URL('../..', import.meta.url));

describe('the demo from a build without emulators', () => {
  it('runs the demo command from the checkout beside the build, through tsx, and returns its exit code', async () => {
    // A build directory inside the checkout, as dist/ is: the checkout's sources run instead.
    expect(await runDemoFromSource(['demo', '--help'], join(checkout, 'dist'))).toBe(0);
    expect(await runDemoFromSource(['demo', '--crm', 'no-such-crm'], join(checkout, 'dist'))).toBe(2);
  }, 60_000);

  it('says what to run when no checkout with the emulators is beside the build (an image)', async () => {
    const alone = mkdtempSync(join(tmpdir(), 'clienthub-image-'));
    try {
      await expect(runDemoFromSource(['demo'], join(alone, 'dist'))).rejects.toThrow(/production build leaves out, and no checkout with their sources is beside .*: run the demo from a clone of the repository \(npm install, then npm run demo\)\.$/);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});
