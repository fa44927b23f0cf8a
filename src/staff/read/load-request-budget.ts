import type { AppContext } from '../../app/app-context.js';
import type { Connection } from '../../connections/connection-repository.js';
import { listRequestLog } from '../../store/staff-console/list-request-log.js';

export interface BudgetUse {
  windowMs: number;
  /** Calls sent (or reserved) in the last window, by every process. */
  used: number;
  /** The budget the connector paces under, when it declares one. */
  limit: number | null;
}

/**
 * How much of each request budget a connection is using right now, from the shared request log the
 * pacing writes (src/sync/pace-requests.ts). Connectors pace per provider account (a QuickBooks
 * realm, a Xero organisation: their `pacingAccount`) or per connection; both keys are looked for.
 */
export async function loadRequestBudget(app: AppContext, connection: Connection, now = Date.now()): Promise<BudgetUse[]> {
  const connector = app.connectors.has(connection.provider) ? app.connectors.get(connection.provider) : undefined;
  // The connector says which account its pacing keys name; without a declaration, the connection's own id.
  const declaredAccount = connector?.pacingAccount?.({ id: connection.id, settings: connection.settings as Record<string, unknown> });
  const accounts = [declaredAccount, connection.id, `connection-${connection.id}`]
    .filter((value) => value !== undefined && value !== null && value !== '')
    .map((value) => `${connection.provider}:${String(value)}:`);
  const declared = connector?.requestBudgets ?? [];
  const rows = await listRequestLog(app.store.db, connection.provider, now - 24 * 3600_000);
  const windows = new Map<number, number>();
  for (const budget of declared) windows.set(budget.windowMs, 0);
  for (const row of rows) {
    const prefix = accounts.find((p) => row.key.startsWith(p));
    if (!prefix) continue;
    const windowMs = Number(row.key.slice(prefix.length));
    if (!Number.isFinite(windowMs)) continue;
    if (row.at > now - windowMs && row.at <= now) windows.set(windowMs, (windows.get(windowMs) ?? 0) + 1);
    else if (!windows.has(windowMs)) windows.set(windowMs, 0);
  }
  return [...windows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([windowMs, used]) => ({ windowMs, used, limit: declared.find((b) => b.windowMs === windowMs)?.limit ?? null }));
}
