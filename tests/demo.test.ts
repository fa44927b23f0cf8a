import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli } from './support/spawn-cli.js';

describe('npm run demo', () => {
  it('backfills the emulator, provisions a won deal and leaves working invitation links', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-demo-'));
    try {
      const demo = spawnCli(['demo', '--exit'], { CLIENTHUB_DATA_DIR: dataDir, PORT: '0', PUBLIC_URL: 'http://localhost:3999' });
      const code = await new Promise<number | null>((resolve) => demo.child.once('exit', resolve));
      const output = demo.lines.map((l) => String(l.text ?? JSON.stringify(l))).join('\n');
      expect(code, output).toBe(0);
      expect(output).toContain('Backfilled from HubSpot');
      expect(output).toContain('Client "Northwind Traders" provisioned; 2 invitation(s)');
      expect(output).toMatch(/http:\/\/localhost:3999\/auth\/link\/[A-Za-z0-9_-]{43}/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
