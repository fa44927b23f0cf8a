import type { Queryable } from '../store.js';

/** Request-log entries (every process's paced calls) of one provider since `since`: keys start with "<provider>:". */
export async function listRequestLog(q: Queryable, provider: string, since: number): Promise<{ key: string; at: number }[]> {
  return q
    .selectFrom('request_log')
    .select(['key', 'at'])
    .where('key', '>=', `${provider}:`)
    .where('key', '<', `${provider};`)
    .where('at', '>', since)
    .execute();
}
