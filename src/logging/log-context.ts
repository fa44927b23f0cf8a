import { AsyncLocalStorage } from 'node:async_hooks';

const context = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * Runs `work` with `fields` added to every log line written inside it, however deep and across
 * awaits: the job id on a connector's lines, the request id on a route's, without threading a
 * logger through every call.
 */
export function withLogContext<T>(fields: Record<string, unknown>, work: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, work);
}

/** The fields of the surrounding withLogContext, for the logger's mixin. */
export function currentLogContext(): Record<string, unknown> {
  return context.getStore() ?? {};
}
