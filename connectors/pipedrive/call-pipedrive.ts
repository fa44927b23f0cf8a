import { callProvider, parseRetryAfter, type ConnectorContext, type ProviderFailure } from '../../src/connector-kit/index.js';
import { pipedriveClient, PipedriveHttpError, type PipedriveClient } from './create-pipedrive-client.js';
import { pipedriveSettings } from './settings.js';

/**
 * What one call costs of the company's daily token budget, taken at the price of a v2 list call
 * (the hub's usual call; single-record reads cost less, v1 lists more): the daily window paces
 * budget ÷ cost calls.
 */
export const TOKENS_PER_CALL = 10;
const DAY_MS = 86_400_000;

/** Pipedrive's limits, as request budgets: the burst limit (per rolling 2 s) and the daily token budget. */
export function pipedriveBudgets(settings: { burstLimit: number; dailyTokenBudget: number }): { limit: number; windowMs: number }[] {
  return [
    { limit: Math.max(1, Math.floor(settings.burstLimit)), windowMs: 2_000 },
    { limit: Math.max(1, Math.floor(settings.dailyTokenBudget / TOKENS_PER_CALL)), windowMs: DAY_MS },
  ];
}

/** The budgets at their defaults, for the console (a deployment's own settings pace the calls). */
export const PIPEDRIVE_BUDGETS = pipedriveBudgets({ burstLimit: 20, dailyTokenBudget: 30_000 });

/** The account part of the pacing key: the company (every user and app of it shares its budget), else the connection. */
export function pacingAccountOf(connection: { id: number; settings: Record<string, unknown> }): string {
  const company = connection.settings.companyId ?? connection.settings.accountId;
  return typeof company === 'string' && company !== '' ? company : `connection-${connection.id}`;
}

/** Pipedrive's error body: `{ success: false, error, error_info, errorCode? }`. */
function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const { error, error_info: info } = body as { error?: unknown; error_info?: unknown };
    if (typeof error === 'string' && error) return typeof info === 'string' && info ? `${error} (${info})` : error;
  }
  return typeof body === 'string' && body ? body.slice(0, 300) : 'no details';
}

export function describePipedriveFailure(caught: unknown): ProviderFailure {
  if (caught instanceof PipedriveHttpError) {
    // A 429 names its wait in Retry-After; the burst limit also says when its window resets (x-ratelimit-reset, seconds).
    const retryAfterMs = parseRetryAfter(caught.headers['retry-after']) ?? parseRetryAfter(caught.headers['x-ratelimit-reset']);
    return { status: caught.status, text: `Pipedrive ${caught.status}: ${errorText(caught.body)}`, retryAfterMs };
  }
  const message = caught instanceof Error ? caught.message : String(caught);
  return { text: `Pipedrive: ${message}`, networkMessage: message };
}

/**
 * One SDK call, paced under the company's burst limit and daily token budget (shared by every
 * process), under the engine's rules (src/sync/call-provider.ts): a 429 is waited out in place
 * when short, rescheduled when long (an exhausted daily budget), 401 refreshes an OAuth token once.
 */
export async function callPipedrive<T>(ctx: ConnectorContext, call: (client: PipedriveClient) => Promise<T>): Promise<T> {
  return callProvider(ctx, { provider: 'Pipedrive', describe: describePipedriveFailure }, async (timed) => {
    const client = await pipedriveClient(ctx);
    await ctx.pace(`pipedrive:${pacingAccountOf({ id: ctx.connectionId, settings: ctx.settings })}`, pipedriveBudgets(pipedriveSettings.read(ctx.config)));
    return timed(() => call(client));
  });
}
