import type { AppContext } from '../app/app-context.js';
import { getDeadLetter, resolveDeadLetter } from './dead-letters.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';

export async function discardDeadLetter(app: AppContext, id: number, note: string | null, by: { actor: string }): Promise<void> {
  await app.store.transaction(async (tx) => {
    const letter = await getDeadLetter(tx, id);
    if (!letter || letter.status !== 'open') throw new Error(`No open dead letter ${id}`);
    await resolveDeadLetter(tx, id, 'discarded', note);
    await insertAuditEntry(tx, { workspaceId: letter.workspaceId, actorType: by.actor === 'cli' ? 'cli' : 'staff', actorId: by.actor, action: 'dead_letter.discarded', subjectType: 'dead_letter', subjectId: id, details: { note } });
  });
}
