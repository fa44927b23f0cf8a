import type { ObjectMapping } from '../../src/connector-kit/index.js';

/** GET /crm/v3/owners item: the business's own people, shown to clients as their account team. */
export interface HubSpotOwner {
  id: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  updatedAt?: string | Date;
  archived?: boolean;
}

export const ownerMapping: ObjectMapping<'team_member'> = {
  provider: 'hubspot',
  objectType: 'owners',
  kind: 'team_member',
  map(raw) {
    const owner = raw as HubSpotOwner;
    if (!owner || typeof owner.id !== 'string') throw new Error('Not a HubSpot owner: expected { id }');
    const name = [owner.firstName, owner.lastName].filter(Boolean).join(' ').trim();
    return { email: owner.email?.toLowerCase() || null, name: name || owner.email || `Owner ${owner.id}`, title: null };
  },
};
