import type { AppContext } from '../../app/app-context.js';
import type { StaffActor } from '../../identity/staff-actor.js';
import { findConnection } from '../../store/connections/find-connection.js';
import { updateConnectionAccount } from '../../store/connections/update-connection-account.js';
import { insertAuditEntry } from '../../store/audit/insert-audit-entry.js';
import { accountChoices } from './account-choices.js';

/**
 * Selects which of the granted accounts a connection syncs, and (re)activates it: a connection
 * whose grant offered several waits, disconnected, until someone chooses. The first sync follows.
 */
export async function chooseConnectionAccount(app: AppContext, actor: StaffActor, connectionId: number, accountId: unknown, now = Date.now()): Promise<'chosen' | 'not_found' | 'invalid'> {
  // The settings read decide the settings written: serializable, so a concurrent change is not lost.
  const result = await app.store.transaction(
    async (tx) => {
      const connection = await findConnection(tx, connectionId);
      if (!connection || connection.workspaceId !== app.workspaceId) return 'not_found' as const;
      const choices = accountChoices(app.connectors, connection);
      const chosen = choices?.options.find((option) => option.id === accountId);
      if (!choices || !chosen) return 'invalid' as const;
      const { awaitingAccountChoice: _waiting, ...settings } = connection.settings;
      await updateConnectionAccount(tx, connectionId, { ...settings, [choices.key]: chosen.id, accountId: chosen.id }, now);
      await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: actor.type, actorId: actor.id, ip: actor.ip ?? null, action: 'connection.account_chosen', subjectType: 'connection', subjectId: connectionId, details: { provider: connection.provider, [choices.key]: chosen.id, name: chosen.name } }, now);
      return 'chosen' as const;
    },
    { isolation: 'serializable' },
  );
  if (result === 'chosen') await app.jobs.enqueue('scheduler.tick', {}, { dedupeKey: 'scheduler.tick' });
  return result;
}
