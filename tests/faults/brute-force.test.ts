/**
 * Fault: a burst of concurrent password guesses against a running portal. Every guess used to be
 * checked against the limits before hashing and counted only afterwards, so all of them were
 * evaluated, and each ran a 19 MiB argon2id on the main thread at once (RSS 211 → 1 308 MB).
 * Now each guess reserves its attempt before hashing and at most a few hashes run at once: the
 * burst is cut at the per-IP limit and the process's memory stays flat.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalHarness, type PortalHarness } from '../../portal-ui/testing/portal-harness.js';
import { dummyPasswordHash, HASH_CONCURRENCY, HASH_QUEUE_LIMIT, hashPassword, PasswordHashBusyError, verifyPassword } from '../../src/auth/password-hash.js';
import { ATTEMPT_RULES } from '../../src/auth/attempt-limits.js';
import { sqlRun } from '../support/sql.js';

const MB = 1024 * 1024;
const BURST = 60;

/** Linux's peak resident set (VmHWM), reset first when the kernel lets us (writing 5 to clear_refs). */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
function peakRssBytes(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
}

/** Runs `burst` and returns its result with the RSS growth (MB) from before it to its peak. */
async function measurePeak<T>(burst: () => Promise<T>): Promise<{ result: T; baselineMb: number; peakMb: number; growthMb: number }> {
  const baseline = process.memoryUsage().rss;
  const resettable = resetPeakRss();
  // Sampled as well, for kernels that do not let the peak be reset.
  let sampledPeak = baseline;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 5);
  try {
    const result = await burst();
    const peak = Math.max(sampledPeak, resettable ? peakRssBytes() : 0);
    return { result, baselineMb: Math.round(baseline / MB), peakMb: Math.round(peak / MB), growthMb: (peak - baseline) / MB };
  } finally {
    clearInterval(sampler);
  }
}

describe('fault: 60 concurrent password sign-ins from one address', () => {
  let h: PortalHarness;
  beforeAll(async () => {
    h = await startPortalHarness({ PORTAL_SIGN_IN: 'either' });
    await sqlRun(h.test.app, 'UPDATE portal_users SET password_hash = ? WHERE id = ?', await hashPassword('river otter lamp 42'), h.world.adminId);
  });
  afterAll(async () => h?.close());

  it('evaluates at most the per-IP limit, refuses the rest, and keeps RSS growth bounded', async () => {
    const { result: answers, baselineMb, peakMb, growthMb } = await measurePeak(() =>
      Promise.all(Array.from({ length: BURST }, (_, i) => h.browser().postForm('/auth/sign-in/password', { email: `guess-${i}@northwind.example`, password: `wrong guess number ${i}` }))),
    );
    const statuses = answers.map((a) => a.status);
    const evaluated = (await h.audit('portal.sign_in_failed')).length + (await h.audit('portal.sign_in')).length;
    const refused = statuses.filter((s) => s === 429 || s === 503).length;
    console.log(`brute-force burst: ${evaluated} evaluated, ${statuses.filter((s) => s === 429).length} × 429, ${statuses.filter((s) => s === 503).length} × 503; RSS ${baselineMb} MB → peak ${peakMb} MB (+${Math.round(growthMb)} MB)`);

    expect(evaluated).toBeLessThanOrEqual(ATTEMPT_RULES.passwordIp.limit);
    expect(statuses.filter((s) => s === 401)).toHaveLength(evaluated);
    expect(refused).toBe(BURST - evaluated);
    // The goal is under +100 MB; the bound only proves memory no longer grows with the burst.
    expect(growthMb).toBeLessThan(300);
  }, 180_000);

  it('60 hashes at once (as from 60 addresses, which no per-IP limit stops): a few run, a bounded queue waits, the rest are refused; memory stays flat', async () => {
    const { result, baselineMb, peakMb, growthMb } = await measurePeak(() => Promise.allSettled(Array.from({ length: BURST }, (_, i) => verifyPassword(dummyPasswordHash(), `guess from address ${i}`))));
    const evaluated = result.filter((r) => r.status === 'fulfilled').length;
    const busy = result.filter((r) => r.status === 'rejected' && r.reason instanceof PasswordHashBusyError).length;
    console.log(`hash burst: ${evaluated} hashed, ${busy} refused busy; RSS ${baselineMb} MB → peak ${peakMb} MB (+${Math.round(growthMb)} MB)`);
    expect(evaluated).toBe(HASH_CONCURRENCY + HASH_QUEUE_LIMIT);
    expect(busy).toBe(BURST - evaluated);
    expect(growthMb).toBeLessThan(300);
  }, 180_000);
});
