import type { ConnectorContext, PullPage } from '../../src/connector-kit/index.js';
import { callPipedrive } from './call-pipedrive.js';
import { toMillis, type PipedriveUser } from './pipedrive-records.js';

/** The company's users (GET /v1/users, one unpaged list): the owners of deals, shown as the account team. */
export async function* pullUsers(ctx: ConnectorContext): AsyncGenerator<PullPage> {
  const response = await callPipedrive(ctx, (client) => client.users.getUsers());
  const users = (response.data ?? []) as PipedriveUser[];
  yield {
    records: users.map((user) => ({
      objectType: 'users',
      externalId: String(user.id),
      updatedAt: toMillis(user.modified),
      // A deactivated user left the company: no longer someone to show a client.
      deleted: user.active_flag === false || user.is_deleted === true,
      raw: user,
    })),
    cursor: { listedAt: Date.now() },
    // The list is every user: one no longer in it was removed.
    complete: true,
  };
}
