import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { callPipedrive } from './call-pipedrive.js';
import type { ListedObjectType, PipedriveDeal, PipedriveOrganization, PipedrivePerson } from './pipedrive-records.js';

/** Pipedrive's largest v2 page. */
export const PAGE_SIZE = 500;

export interface ListQuery {
  updatedSince?: string;
  cursor?: string;
  /** Deals only: 'deleted' lists deals deleted in the last 30 days (otherwise they are left out). */
  status?: 'deleted';
  /** At most 100 ids (fetch by id). */
  ids?: number[];
}

export interface ListedPage {
  items: (PipedriveOrganization | PipedrivePerson | PipedriveDeal)[];
  nextCursor: string | undefined;
}

/**
 * One page of a v2 list endpoint (GET /api/v2/<objects>), oldest change first, with the cursor to
 * the next page. Persons come with their marketing status, which says whether they opted out of email;
 * deals with their participant count, which says whether their participants need reading.
 */
export async function listPage(ctx: ConnectorContext, objectType: ListedObjectType, query: ListQuery): Promise<ListedPage> {
  const common = {
    updated_since: query.updatedSince,
    cursor: query.cursor,
    ids: query.ids?.join(','),
    sort_by: 'update_time' as const,
    sort_direction: 'asc' as const,
    limit: PAGE_SIZE,
  };
  const response =
    objectType === 'organizations'
      ? await callPipedrive(ctx, (client) => client.organizations.getOrganizations(common))
      : objectType === 'persons'
        ? await callPipedrive(ctx, (client) => client.persons.getPersons({ ...common, include_fields: 'marketing_status' }))
        : await callPipedrive(ctx, (client) => client.deals.getDeals({ ...common, status: query.status, include_fields: 'participants_count' }));
  const items = (response.data ?? []) as ListedPage['items'];
  const next = response.additional_data?.next_cursor;
  return { items, nextCursor: typeof next === 'string' && next !== '' ? next : undefined };
}
