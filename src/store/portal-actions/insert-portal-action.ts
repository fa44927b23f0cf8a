import type { NewAction, PortalAction } from '../../outbox/portal-action.js';
import type { Queryable } from '../store.js';
import { findPortalActionByKey } from './find-portal-action-by-key.js';
import { toPortalAction } from './portal-action-row.js';

/**
 * Inserts the action, or returns the one already stored under its idempotency key (a form sent
 * twice). The key is unique: of concurrent inserts under one key exactly one stores a row.
 */
export async function insertPortalAction(q: Queryable, input: NewAction, now = Date.now()): Promise<{ action: PortalAction; created: boolean }> {
  const row = await q
    .insertInto('portal_actions')
    .values({
      workspace_id: input.workspaceId,
      client_id: input.clientId,
      portal_user_id: input.portalUserId,
      connection_id: input.connectionId,
      operation: input.operation,
      idempotency_key: input.idempotencyKey,
      payload: JSON.stringify(input.payload),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) return { action: toPortalAction(row), created: true };
  const existing = await findPortalActionByKey(q, input.idempotencyKey);
  if (!existing) throw new Error(`portal action ${input.idempotencyKey} neither inserted nor found`);
  return { action: existing, created: false };
}
