import type { ObjectMapping } from '../../src/connector-kit/index.js';
import { asPipedriveObject, text, type PipedriveUser } from '../../connectors/pipedrive/pipedrive-records.js';

/** User (v1) → team member: the business's own people, shown to clients as their account team. */
export const userMapping: ObjectMapping<'team_member'> = {
  provider: 'pipedrive',
  objectType: 'users',
  kind: 'team_member',
  map(raw) {
    const user = asPipedriveObject<PipedriveUser>(raw, 'user');
    const email = text(user.email)?.toLowerCase() ?? null;
    return { email, name: text(user.name) ?? email ?? `User ${user.id}`, title: null };
  },
};
