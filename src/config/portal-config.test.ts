import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';
import { contrastWithWhite } from './portal-config.js';

const base = { PUBLIC_URL: 'https://portal.example.com' };
const empty = () => mkdtempSync(join(tmpdir(), 'clienthub-config-'));

/** Approvals, documents, uploads and messages keep their defaults in these cases. */
const DOCUMENT_DEFAULTS = { approvalRoles: ['client_admin'], billingMessages: false, clamavHost: null, documentMaxBytes: 52_428_800, documentTimeoutMs: 120_000, uploadMaxBytes: 26_214_400 };

describe('portal configuration', () => {
  it('defaults to magic links, no required 2FA, no logo, the default blue', () => {
    expect(loadConfig(base, empty()).portal).toEqual({ signIn: 'magic_link', requireTwoFactor: false, logoUrl: undefined, primaryColor: '#1d4ed8', ...DOCUMENT_DEFAULTS });
  });

  it('reads the environment', () => {
    const config = loadConfig({ ...base, PORTAL_SIGN_IN: 'either', PORTAL_REQUIRE_2FA: 'true', CLIENTHUB_LOGO_URL: 'https://cdn.brightside.example/logo.svg', CLIENTHUB_PRIMARY_COLOR: '#0F766E' }, empty());
    expect(config.portal).toEqual({ signIn: 'either', requireTwoFactor: true, logoUrl: 'https://cdn.brightside.example/logo.svg', primaryColor: '#0f766e', ...DOCUMENT_DEFAULTS });
  });

  it('reads the config file’s portal section, the environment winning', () => {
    const dir = empty();
    writeFileSync(join(dir, 'clienthub.json'), JSON.stringify({ portal: { signIn: 'password', requireTwoFactor: true, primaryColor: '#7c2d12', logoUrl: 'https://brightside.example/logo.png' } }));
    const config = loadConfig({ ...base, CLIENTHUB_CONFIG: 'clienthub.json', PORTAL_REQUIRE_2FA: 'false' }, dir);
    expect(config.portal).toEqual({ signIn: 'password', requireTwoFactor: false, logoUrl: 'https://brightside.example/logo.png', primaryColor: '#7c2d12', ...DOCUMENT_DEFAULTS });
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ portal: { signIn: 'sms' } }));
    expect(() => loadConfig({ ...base, CLIENTHUB_CONFIG: 'bad.json' }, dir)).toThrow(/Config file .*bad\.json has settings the hub cannot use/);
  });

  it('shows Messages to billing only when PORTAL_BILLING_MESSAGES (or portal.billingMessages) says so', () => {
    expect(loadConfig(base, empty()).portal.billingMessages).toBe(false);
    expect(loadConfig({ ...base, PORTAL_BILLING_MESSAGES: 'true' }, empty()).portal.billingMessages).toBe(true);
    const dir = empty();
    writeFileSync(join(dir, 'clienthub.json'), JSON.stringify({ portal: { billingMessages: true } }));
    expect(loadConfig({ ...base, CLIENTHUB_CONFIG: 'clienthub.json' }, dir).portal.billingMessages).toBe(true);
    expect(loadConfig({ ...base, CLIENTHUB_CONFIG: 'clienthub.json', PORTAL_BILLING_MESSAGES: 'false' }, dir).portal.billingMessages).toBe(false);
  });

  it('refuses colours that are not #rrggbb or too light for white text and links on white (WCAG AA 4.5:1)', () => {
    expect(() => loadConfig({ ...base, CLAMAV_HOST: 'clamd:port' }, empty())).toThrow(/^CLAMAV_HOST must be/);
    expect(loadConfig({ ...base, CLAMAV_HOST: ' [::1]:3311 ' }, empty()).portal.clamavHost).toBe('[::1]:3311');
    expect(() => loadConfig({ ...base, CLIENTHUB_PRIMARY_COLOR: 'teal' }, empty())).toThrow(/must be a colour like #1d4ed8/);
    expect(() => loadConfig({ ...base, CLIENTHUB_PRIMARY_COLOR: '#ffcc00' }, empty())).toThrow(/contrast of 1\.\d\d:1 with white/);
    expect(contrastWithWhite('#1d4ed8')).toBeCloseTo(6.7, 1);
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
  });

  it('refuses logo addresses that are not absolute http(s), plain http behind https, or carry credentials', () => {
    expect(() => loadConfig({ ...base, CLIENTHUB_LOGO_URL: '/logo.png' }, empty())).toThrow(/absolute URL/);
    expect(() => loadConfig({ ...base, CLIENTHUB_LOGO_URL: 'javascript:alert(1)' }, empty())).toThrow(/https:\/\//);
    expect(() => loadConfig({ ...base, CLIENTHUB_LOGO_URL: 'http://cdn.example/logo.png' }, empty())).toThrow(/https:\/\//);
    expect(() => loadConfig({ ...base, CLIENTHUB_LOGO_URL: 'https://user:pw@cdn.example/logo.png' }, empty())).toThrow(/credentials/);
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000', CLIENTHUB_LOGO_URL: 'http://localhost:8080/logo.png' }, empty()).portal.logoUrl).toBe('http://localhost:8080/logo.png');
  });

  it('refuses unknown sign-in policies', () => {
    expect(() => loadConfig({ ...base, PORTAL_SIGN_IN: 'sms' }, empty())).toThrow(/PORTAL_SIGN_IN must be magic_link, password or either/);
    expect(() => loadConfig({ ...base, PORTAL_REQUIRE_2FA: 'maybe' }, empty())).toThrow(/PORTAL_REQUIRE_2FA/);
  });
});
