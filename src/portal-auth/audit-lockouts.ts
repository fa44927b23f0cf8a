import type { Db } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import type { AttemptKey } from '../auth/attempt-limits.js';

/** One audit row per limit an attempt used up: staff see lockouts as they start. */
export function auditLockouts(db: Db, exhausted: AttemptKey[], context: { workspaceId: number; userId?: number | null; clientId?: number | null; email?: string | null; ip: string | null }, now: number): void {
  for (const key of exhausted) {
    writeAudit(
      db,
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
