import type { Queryable } from '../store/store.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import type { AttemptKey } from '../auth/attempt-limits.js';

/** One audit row per limit an attempt used up: staff see lockouts as they start. */
export async function auditLockouts(q: Queryable, exhausted: AttemptKey[], context: { workspaceId: number; userId?: number | null; clientId?: number | null; email?: string | null; ip: string | null }, now: number): Promise<void> {
  for (const key of exhausted) {
    await insertAuditEntry(
      q,
      {
        workspaceId: context.workspaceId,
        actorType: 'portal_user',
        actorId: context.userId ?? null,
        action: 'portal.locked_out',
        subjectType: context.userId == null ? undefined : 'portal_user',
        subjectId: context.userId ?? undefined,
        clientId: context.clientId ?? null,
        ip: context.ip,
        details: { rule: key.rule, ...(context.email ? { email: context.email } : {}) },
      },
      now,
    );
  }
}
