import type { JobHandlers } from '../../src/jobs/job-queue.js';

/** A handler for every job name that does nothing, with the ones a test cares about replaced. */
export function idleJobHandlers(overrides: Partial<JobHandlers> = {}): JobHandlers {
  const none = async () => {};
  return {
    'sync.pull': none,
    'records.fetch': none,
    'webhook.process': none,
    'mail.deliver': none,
    'links.resolve': none,
    'webhooks.maintain': none,
    'notifications.digest': none,
    'scheduler.tick': none,
    'webhooks.prune': none,
    'outbox.perform': none,
    'documents.list': none,
    'conversations.refresh': none,
    ...overrides,
  };
}

/** Polls until `check` holds, failing with `what` past the bound (a bound against hanging, not a timing claim). */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`did not happen within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
