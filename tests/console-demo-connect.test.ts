/**
 * The console demo's OAuth apps, without a browser: for each CRM that has a demo emulator, every
 * system the console offers to connect with OAuth goes through its emulator's authorize page and
 * back to a connected account — proof that each emulator's `oauthEnv` is what its connector needs.
 * (tests/console-demo-browser.test.ts drives the same path in Chromium, with the portal after it.)
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsoleDemo } from '../src/demo/run-console-demo.js';
import { loadDemoEmulators } from '../src/demo/load-demo-emulators.js';

/** A staff browser in miniature: keeps the hub's cookies, sends them only to the hub, follows redirects by hand. */
function staffAgent(base: string) {
  const cookies = new Map<string, string>();
  const hub = new URL(base).origin;
  return {
    async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
      const target = new URL(url, base);
      const headers: Record<string, string> = target.origin === hub ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), origin: hub } : {};
      if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(target, { method: init.method ?? 'GET', redirect: 'manual', headers, body: init.form ? new URLSearchParams(init.form) : undefined });
      if (target.origin === hub) {
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const at = pair!.indexOf('=');
          cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
      }
      return response;
    },
  };
}

const crms = (await loadDemoEmulators()).filter((emulator) => emulator.role === 'crm').map((emulator) => emulator.provider);

describe('the console demo connects every OAuth system through its emulator', () => {
  it.each(crms)('with %s as the CRM', async (crm) => {
    const parent = mkdtempSync(join(tmpdir(), 'clienthub-console-connect-'));
    const demo = await startConsoleDemo({ port: 0, dataDir: join(parent, 'data'), logLevel: 'error', crm });
    try {
      const staff = staffAgent(demo.url);
      const linkPage = await staff.request(demo.staffLink);
      const token = /name="token" value="([^"]+)"/.exec(await linkPage.text())?.[1];
      expect(token).toBeDefined();
      expect((await staff.request('/staff/auth/link', { method: 'POST', form: { token: token! } })).status).toBe(303);

      const page = await (await staff.request('/staff/connect')).text();
      const forms = [...page.matchAll(/<form[^>]*action="(\/staff\/connect\/([a-z0-9-]+)\/oauth)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => ({ action: m[1]!, provider: m[2]!, inner: m[3]! }));
      // The chosen CRM is offered, and no other CRM (their apps' keys are not set in this demo).
      expect(forms.map((form) => form.provider)).toContain(crm);
      for (const other of crms.filter((name) => name !== crm)) expect(forms.map((form) => form.provider)).not.toContain(other);
      expect(forms.length).toBeGreaterThanOrEqual(3);

      for (const form of forms) {
        const fields = Object.fromEntries([...form.inner.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
        let response = await staff.request(form.action, { method: 'POST', form: fields });
        const hops: string[] = [];
        for (let hop = 0; hop < 6 && response.status >= 300 && response.status < 400; hop++) {
          const next = response.headers.get('location')!;
          hops.push(next);
          response = await staff.request(next);
        }
        // Out to the emulator's authorize page, back to the hub's callback, on to the new connection.
        expect(hops.at(-1), `${form.provider}: ${hops.join(' → ')}`).toMatch(/^\/staff\/connections\/\d+\?done=connected$/);
        expect(response.status).toBe(200);
      }
    } finally {
      await demo.close();
      rmSync(parent, { recursive: true, force: true });
    }
  }, 120_000);
});
