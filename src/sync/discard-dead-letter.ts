import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { getDeadLetter, resolveDeadLetter } from './dead-letters.js';
import { writeAudit } from '../audit/write-audit.js';

export function discardDeadLetter(app: AppContext, id: number, note: string | null, by: { actor: string }): void {
  writeTransaction(app.db, () => {
    const letter = getDeadLetter(app.db, id);
    if (!letter || letter.status !== 'open') throw new Error(`No open dead letter ${id}`);
    resolveDeadLetter(app.db, id, 'discarded', note);
    writeAudit(app.db, { workspaceId: letter.workspaceId, actorType: by.actor === 'cli' ? 'cli' : 'staff', actorId: by.actor, action: 'dead_letter.discarded', subjectType: 'dead_letter', subjectId: id, details: { note } });
  });
}
