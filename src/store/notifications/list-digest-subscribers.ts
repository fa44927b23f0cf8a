import type { Queryable } from '../store.js';

export interface DigestSubscriber {
  userId: number;
  workspaceId: number;
  clientId: number;
  clientName: string;
  name: string;
  email: string;
  role: string;
  mode: 'immediate' | 'daily';
  afterChangeId: number;
  afterMessageId: number;
  notifiedAt: number | null;
}

/** Active people of active clients who asked for emails, with their digest cursors. */
export async function listDigestSubscribers(q: Queryable): Promise<DigestSubscriber[]> {
  const rows = await q
    .selectFrom('portal_users as u')
    .innerJoin('clients as c', 'c.id', 'u.client_id')
    .select([
      'u.id as userId',
      'u.workspace_id as workspaceId',
      'u.client_id as clientId',
      'c.name as clientName',
      'u.name',
      'u.email',
      'u.role',
      'u.notify_mode as mode',
      'u.notify_after_change_id as afterChangeId',
      'u.notify_after_message_id as afterMessageId',
      'u.notified_at as notifiedAt',
    ])
    .where('u.notify_mode', '!=', 'off')
    .where('u.status', '=', 'active')
    .where('c.status', '=', 'active')
    .orderBy('u.id')
    .execute();
  return rows.map((row) => ({ ...row, mode: row.mode as DigestSubscriber['mode'] }));
}
