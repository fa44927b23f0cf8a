import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli } from './support/spawn-cli.js';

async function runDemo(args: string[]): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-demo-'));
  try {
    const demo = spawnCli(['demo', ...args, '--exit'], { CLIENTHUB_DATA_DIR: dataDir, PORT: '0', PUBLIC_URL: 'http://localhost:3999' });
    const code = await new Promise<number | null>((resolve) => demo.child.once('exit', resolve));
    const output = demo.lines.map((l) => String(l.text ?? JSON.stringify(l))).join('\n');
    expect(code, output).toBe(0);
    return output;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('npm run demo', () => {
  it('HubSpot: backfills the emulator, provisions the won deal and prints working invitation links', async () => {
    const output = await runDemo([]);
    expect(output).toContain('Backfilled in');
    expect(output).toContain('signed webhook was answered 200');
    expect(output).toContain('Client "Northwind Traders" provisioned; 2 invitation(s)');
    expect(output).toMatch(/http:\/\/localhost:3999\/auth\/link\/[A-Za-z0-9_-]{43}/);
    // Nothing but identity resolution links the accounting and payment emulators' records to the new client.
    expect(output).toMatch(/Linked to "Northwind Traders" from the cache by identity resolution: .*\d+ project \(asana\).*\d+ invoice \(quickbooks\).*\d+ invoice \(stripe\).*\d+ invoice \(xero\)/);
  }, 120_000);

  it('Salesforce only: an opportunity won in the org provisions its account through an outbound message', async () => {
    const output = await runDemo(['--salesforce']);
    expect(output).toContain('Salesforce emulator at');
    expect(output).toContain('outbound message was acknowledged');
    expect(output).toContain('Client "Initech" provisioned; 2 invitation(s)');
    expect(output).toMatch(/peter@initech\.example/);
  }, 120_000);
});
