import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, spawnCli } from './support/spawn-cli.js';

async function runDemo(args: string[], env: Record<string, string> = { PUBLIC_URL: 'http://localhost:3999' }): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-demo-'));
  try {
    const demo = spawnCli(['demo', ...args, '--exit'], { CLIENTHUB_DATA_DIR: dataDir, PORT: '0', ...env });
    const code = await new Promise<number | null>((resolve) => demo.child.once('exit', resolve));
    const output = demo.lines.map((l) => String(l.text ?? JSON.stringify(l))).join('\n');
    expect(code, output).toBe(0);
    return output;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every URL the demo prints that leads into the hub (not an emulator): portal and staff links, the "running at" base. */
function hubUrls(output: string): { base: string; links: string[] } {
  const base = /ClientHub running at (http:\/\/[^\s,]+)/.exec(output)?.[1];
  expect(base, output).toBeDefined();
  const links = [...output.matchAll(/http:\/\/[^\s]+\/(?:auth\/link|staff\/auth\/link)\/[A-Za-z0-9_-]+/g)].map((m) => m[0]);
  return { base: base!, links };
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
    // Documents from where they live (issue 17): Asana task attachments, HubSpot note attachments, QuickBooks and Xero invoice attachments.
    const sources = /Documents shared with "Northwind Traders": (.*)/.exec(output)?.[1] ?? '';
    for (const provider of ['asana', 'hubspot', 'quickbooks', 'xero']) expect(sources, output).toMatch(new RegExp(`[1-9]\\d* from ${provider}`));
    // An Asana approval task assigned to the client's own contact waits for their answer (issue 17).
    expect(output).toMatch(/Approvals waiting on "Northwind Traders": "Sign off the homepage design" \(asana\)/);
    // The same bills in QuickBooks, Xero and Stripe are recognised as one (issue 18).
    expect(output).toMatch(/Invoice matching: [1-9]\d* bill\(s\) kept in several systems/);
    // One base URL: the printed one is the links' one, and a staff owner link is printed too.
    const { base, links } = hubUrls(output);
    expect(base).toBe('http://localhost:3999');
    expect(links.some((l) => l.includes('/staff/'))).toBe(true);
    for (const link of links) expect(link.startsWith(`${base}/`), link).toBe(true);
  }, 120_000);

  it('--crm salesforce: an opportunity won in the org provisions its account through an outbound message', async () => {
    const output = await runDemo(['--crm', 'salesforce'], {});
    expect(output).toContain('Salesforce emulator at');
    expect(output).toContain('outbound message was acknowledged');
    expect(output).toContain('Client "Initech" provisioned; 2 invitation(s)');
    expect(output).toMatch(/peter@initech\.example/);
    // No PUBLIC_URL: the base it prints (on the port it picked) is the base of every link, staff link included.
    const { base, links } = hubUrls(output);
    expect(base).toMatch(/^http:\/\/localhost:\d+$/);
    expect(links.filter((l) => l.includes('/staff/'))).toHaveLength(1);
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const link of links) expect(link.startsWith(`${base}/`), link).toBe(true);
  }, 120_000);

  it('--console: prints a staff link at the base it serves on, and a staff link made by the CLI against its data dir works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clienthub-demo-'));
    const demo = spawnCli(['demo', '--console'], { CLIENTHUB_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error' });
    try {
      const printed = await demo.waitFor((l) => typeof l.text === 'string' && /\/staff\/auth\/link\//.test(l.text), 90_000);
      const output = demo.lines.map((l) => String(l.text ?? '')).join('\n');
      const { base, links } = hubUrls(output);
      expect(links).toHaveLength(1);
      expect(String(printed.text).trim()).toBe(links[0]);
      expect(links[0]!.startsWith(`${base}/staff/auth/link/`)).toBe(true);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(links[0]!)).status).toBe(200);

      // The CLI beside the demo: same data dir, same secret.key, so its link is accepted (it used to answer 410).
      const port = new URL(base).port;
      const made = await runCli(['--data-dir', dataDir, 'staff', 'add', 'second@brightside.example', 'operator'], { PORT: port, LOG_LEVEL: 'error', REDIS_URL: '' });
      expect(made.code, made.stderr).toBe(0);
      const link = /http:\/\/\S+\/staff\/auth\/link\/\S+/.exec(made.stdout)?.[0];
      expect(link?.startsWith(`${base}/staff/auth/link/`), made.stdout).toBe(true);
      const answer = await fetch(link!, { redirect: 'manual' });
      expect(answer.status).toBe(200);
      const token = /name="token" value="([^"]+)"/.exec(await answer.text())?.[1];
      expect(token).toBeDefined();
      // Pressing the button signs the operator in: a redirect into the console with a session cookie.
      const signedIn = await fetch(`${base}/staff/auth/link`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }, body: new URLSearchParams({ token: token! }) });
      expect(signedIn.status, await signedIn.text()).toBeGreaterThanOrEqual(300);
      expect(signedIn.status).toBeLessThan(400);
      expect(signedIn.headers.get('set-cookie')).toMatch(/staff/);
    } finally {
      await demo.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
