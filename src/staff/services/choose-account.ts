import type { AppContext } from '../../app/app-context.js';
import { writeTransaction } from '../../db/open-database.js';
import { writeAudit } from '../../audit/write-audit.js';
import { getConnection } from '../../connections/connection-repository.js';
import type { StaffActor } from '../../identity/staff-actor.js';
import { accountChoices } from './account-choices.js';

/**
 * Selects which of the granted accounts a connection syncs, and (re)activates it: a connection
 * whose grant offered several waits, disconnected, until someone chooses. The first sync follows.
 */
export async function chooseConnectionAccount(app: AppContext, actor: StaffActor, connectionId: number, accountId: unknown, now = Date.now()): Promise<'chosen' | 'not_found' | 'invalid'> {
  const result = writeTransaction(app.db, () => {
    const connection = getConnection(app.db, connectionId);
    if (!connection || connection.workspaceId !== app.workspaceId) return 'not_found' as const;
    const choices = accountChoices(app.connectors, connection);
    const chosen = choices?.options.find((option) => option.id === accountId);
    if (!choices || !chosen) return 'invalid' as const;
    const { awaitingAccountChoice: _waiting, ...settings } = connection.settings;
    app.db
      .prepare(`UPDATE connections SET settings = ?, status = 'active', last_error = NULL, consecutive_failures = 0, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify({ ...settings, [choices.key]: chosen.id, accountId: chosen.id }), now, connectionId);
    writeAudit(app.db, { workspaceId: app.workspaceId, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null, action: 'connection.account_chosen', subjectType: 'connection', subjectId: connectionId, details: { provider: connection.provider, [choices.key]: chosen.id, name: chosen.name } }, now);
    return 'chosen' as const;
  });
  if (result === 'chosen') await app.jobs.enqueue('scheduler.tick', {}, { dedupeKey: 'scheduler.tick' });
  return result;
}
