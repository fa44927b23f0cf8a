import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { callPipedrive } from './call-pipedrive.js';
import type { PipedriveDeal } from './pipedrive-records.js';

/** More participants than this on one deal are not invited from it (one page of the v1 list). */
const PARTICIPANT_PAGE = 100;

/**
 * A deal names one person (person_id); the others taking part are its participants (v1 only).
 * Only won deals need them, since they decide who is invited to the portal, and only when the
 * deal's participant count says there is someone besides its own person: reading them for every
 * deal would cost a call per deal against the company's daily token budget.
 */
export async function attachParticipants(ctx: ConnectorContext, deals: PipedriveDeal[]): Promise<void> {
  for (const deal of deals) {
    if (deal.status !== 'won' || deal.is_deleted) continue;
    const own = typeof deal.person_id === 'number' ? [deal.person_id] : [];
    if (typeof deal.participants_count === 'number' && deal.participants_count <= own.length) {
      deal.participant_person_ids = own;
      continue;
    }
    const response = await callPipedrive(ctx, (client) => client.dealsV1.getDealParticipants({ id: deal.id, start: 0, limit: PARTICIPANT_PAGE }));
    const ids = new Set<number>();
    if (typeof deal.person_id === 'number') ids.add(deal.person_id);
    for (const participant of response.data ?? []) {
      if (participant.active_flag === false) continue;
      // v1 answers person_id as the person's summary ({ value, name, email… }); older payloads as the bare id.
      const person = participant.person_id as unknown;
      const id = typeof person === 'number' ? person : (person as { value?: unknown } | undefined)?.value;
      if (typeof id === 'number') ids.add(id);
    }
    deal.participant_person_ids = [...ids];
  }
}
