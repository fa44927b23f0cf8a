import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../../tests/support/store-engines.js';
import { insertAuditEntry } from './insert-audit-entry.js';

describe.each(STORE_ENGINES)('insertAuditEntry on %s', (engine) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(engine);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('writes the entry with its change, and not when the change rolls back', async () => {
    const ws = await t.store.db.insertInto('workspaces').values({ slug: 'a', name: 'A', created_at: 1 }).returning('id').executeTakeFirstOrThrow();
    await t.store.transaction(async (tx) => {
      await insertAuditEntry(tx, { workspaceId: ws.id, actorType: 'staff', actorId: 7, action: 'client.renamed', subjectType: 'client', subjectId: 3, details: { to: 'B' } }, 42);
    });
    await expect(
      t.store.transaction(async (tx) => {
        await insertAuditEntry(tx, { workspaceId: ws.id, actorType: 'cli', action: 'never.kept' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await t.store.db.selectFrom('audit_log').select(['action', 'actor_id', 'subject_id', 'details', 'at']).execute();
    expect(rows).toEqual([{ action: 'client.renamed', actor_id: '7', subject_id: '3', details: '{"to":"B"}', at: 42 }]);
  });
});
