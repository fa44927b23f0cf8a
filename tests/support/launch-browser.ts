/**
 * Real Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (never a downloaded browser build), plus axe-core, screenshots and CSP-violation capture.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Headless, and off every network Chromium would otherwise call home to. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page and returns every violation. */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through DevTools rather than page.addScriptTag({ content }): that adds an inline
  // <script>, which the portal's CSP rightly refuses, and turning the CSP off for the test
  // (bypassCSP) would hide exactly the violations collectCspViolations looks for.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };
    const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResult> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** The serious and critical violations only: what a test should fail on. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  return (await accessibilityViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const SCREENSHOT_WIDTHS = [1280, 390] as const;

/** Full-page screenshots at desktop (1280) and phone (390) widths into test-artifacts/screenshots/ (git-ignored); returns their paths. */
export async function screenshot(page: Page, name: string, dir = 'test-artifacts/screenshots'): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const original = page.viewportSize();
  const paths: string[] = [];
  for (const width of SCREENSHOT_WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    const path = join(dir, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    paths.push(path);
  }
  if (original) await page.setViewportSize(original);
  return paths;
}

/** Collects the page's Content-Security-Policy violations (Chromium reports them on the console). */
export function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
