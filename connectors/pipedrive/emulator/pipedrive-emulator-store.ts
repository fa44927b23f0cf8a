/**
 * The Pipedrive emulator's data: organizations, persons, deals (with participants) and users, as
 * the v2 (and, for users and participants, v1) API returns them, and the webhook v2 event each
 * change produces. Deleted organizations and persons leave the lists; deleted deals stay listable
 * with status=deleted, as at Pipedrive.
 */
import { randomUUID } from 'node:crypto';
import type { PipedriveDeal, PipedriveOrganization, PipedrivePerson, PipedriveUser } from '../pipedrive-records.js';
import { readDemoClients } from '../../emulator-support/demo-clients.js';

export type EmulatedEntity = 'organization' | 'person' | 'deal';
export type EmulatedCollection = 'organizations' | 'persons' | 'deals';

export interface WebhookV2Event {
  meta: {
    action: 'create' | 'change' | 'delete';
    entity: EmulatedEntity;
    company_id: string;
    correlation_id: string;
    entity_id: string;
    id: string;
    is_bulk_edit: boolean;
    timestamp: string;
    type: 'general';
    user_id: string;
    version: '2.0';
    webhook_id: string;
    webhook_owner_id: string;
    change_source: 'app' | 'api';
    attempt: number;
    host: string;
    permitted_user_ids: string[];
  };
  data: Record<string, unknown> | null;
  previous: Record<string, unknown> | null;
}

export interface EmulatedParticipant {
  id: number;
  dealId: number;
  personId: number;
  addTime: string;
  active: boolean;
}

const ENTITY: Record<EmulatedCollection, EmulatedEntity> = { organizations: 'organization', persons: 'person', deals: 'deal' };
const DAY_MS = 86_400_000;

/** Pipedrive's v2 time format: RFC 3339, seconds, Z. */
export const pipedriveTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export class PipedriveEmulatorStore {
  readonly companyId = '7654321';
  readonly companyDomain = 'brightside-demo';
  readonly organizations = new Map<number, PipedriveOrganization>();
  readonly persons = new Map<number, PipedrivePerson>();
  readonly deals = new Map<number, PipedriveDeal>();
  readonly users = new Map<number, PipedriveUser>();
  readonly participants: EmulatedParticipant[] = [];
  /** Every change, as the webhook v2 delivery it would cause, in order. */
  readonly events: WebhookV2Event[] = [];
  private nextId = 1000;
  /** Pipedrive's clock; tests move it to order changes. */
  now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? (() => Date.now());
  }

  private id(): number {
    return ++this.nextId;
  }

  addUser(input: { name: string; email: string }): PipedriveUser {
    const at = pipedriveTime(this.now()).replace('T', ' ').replace('Z', '');
    const user: PipedriveUser = { id: this.id(), name: input.name, email: input.email, active_flag: true, is_deleted: false, created: at, modified: at };
    this.users.set(user.id, user);
    return user;
  }

  createOrganization(input: Partial<PipedriveOrganization> & { name: string }): PipedriveOrganization {
    const at = pipedriveTime(this.now());
    const organization: PipedriveOrganization = { owner_id: this.defaultOwner(), website: null, address: null, custom_fields: {}, ...input, id: this.id(), add_time: at, update_time: at, is_deleted: false };
    this.organizations.set(organization.id, organization);
    this.record('create', 'organizations', organization.id, null);
    return organization;
  }

  createPerson(input: Partial<PipedrivePerson> & { name: string }): PipedrivePerson {
    const at = pipedriveTime(this.now());
    const person: PipedrivePerson = { owner_id: this.defaultOwner(), emails: [], phones: [], marketing_status: 'subscribed', custom_fields: {}, ...input, id: this.id(), add_time: at, update_time: at, is_deleted: false };
    this.persons.set(person.id, person);
    this.record('create', 'persons', person.id, null);
    return person;
  }

  createDeal(input: Partial<PipedriveDeal> & { title: string }, participants: number[] = []): PipedriveDeal {
    const at = pipedriveTime(this.now());
    const deal: PipedriveDeal = {
      owner_id: this.defaultOwner(),
      pipeline_id: 1,
      stage_id: 1,
      value: 0,
      currency: 'USD',
      status: 'open',
      won_time: null,
      close_time: null,
      expected_close_date: null,
      custom_fields: {},
      ...input,
      id: this.id(),
      add_time: at,
      update_time: at,
      is_deleted: false,
    };
    this.deals.set(deal.id, deal);
    // Pipedrive lists a deal's own person among its participants too.
    for (const personId of new Set([...(deal.person_id == null ? [] : [deal.person_id]), ...participants])) {
      this.participants.push({ id: this.id(), dealId: deal.id, personId, addTime: at, active: true });
    }
    this.record('create', 'deals', deal.id, null);
    return deal;
  }

  /** Changes fields and stamps update_time, as an edit in Pipedrive does; returns the webhook event. */
  update<C extends EmulatedCollection>(collection: C, id: number, changes: Record<string, unknown>): WebhookV2Event {
    const object = this.require(collection, id) as unknown as Record<string, unknown>;
    const previous: Record<string, unknown> = {};
    for (const key of Object.keys(changes)) previous[key] = object[key] ?? null;
    Object.assign(object, changes, { update_time: pipedriveTime(this.now()) });
    return this.record('change', collection, id, previous);
  }

  /** Marks a deal won (status won, won_time and close_time now); returns the webhook event. */
  winDeal(id: number): WebhookV2Event {
    const at = pipedriveTime(this.now());
    return this.update('deals', id, { status: 'won', won_time: at, close_time: at, stage_id: 5 });
  }

  /** Deletes a record: organizations and persons leave the lists; a deal becomes status deleted. */
  delete(collection: EmulatedCollection, id: number): WebhookV2Event {
    const object = this.require(collection, id) as unknown as Record<string, unknown>;
    const previous = { ...object };
    object.is_deleted = true;
    if (collection === 'deals') object.status = 'deleted';
    object.update_time = pipedriveTime(this.now());
    return this.record('delete', collection, id, previous);
  }

  require(collection: EmulatedCollection, id: number): PipedriveOrganization | PipedrivePerson | PipedriveDeal {
    const object = this.collection(collection).get(id);
    if (!object) throw new Error(`Pipedrive emulator: no ${ENTITY[collection]} ${id}`);
    return object;
  }

  collection(collection: EmulatedCollection): Map<number, PipedriveOrganization | PipedrivePerson | PipedriveDeal> {
    return collection === 'organizations' ? this.organizations : collection === 'persons' ? this.persons : this.deals;
  }

  participantsOf(dealId: number): EmulatedParticipant[] {
    return this.participants.filter((p) => p.dealId === dealId);
  }

  /**
   * The demo world: the client companies every emulator shares (emulator-support/demo-clients.ts),
   * each an organization with its people and one open deal; "Website rebuild" is the one to win.
   */
  seedDemo(): { organizationIds: number[]; personIds: number[]; dealIds: number[] } {
    const seed = { organizationIds: [] as number[], personIds: [] as number[], dealIds: [] as number[] };
    if (this.users.size === 0) this.addUser({ name: 'Alex Owner', email: 'alex.owner@brightside.example' });
    const today = Math.floor(this.now() / DAY_MS) * DAY_MS;
    for (const [index, client] of readDemoClients().entries()) {
      const organization = this.createOrganization({
        name: client.name,
        website: client.website,
        address: { value: [client.city, client.country].filter(Boolean).join(', '), locality: client.city, country: client.country },
      });
      seed.organizationIds.push(organization.id);
      const personIds = client.people.map(
        (person) =>
          this.createPerson({
            name: `${person.firstName} ${person.lastName}`,
            first_name: person.firstName,
            last_name: person.lastName,
            job_title: person.jobTitle,
            org_id: organization.id,
            emails: person.email ? [{ value: person.email, primary: true, label: 'work' }] : [],
            phones: client.phone ? [{ value: client.phone, primary: true, label: 'work' }] : [],
          }).id,
      );
      seed.personIds.push(...personIds);
      const [first, ...others] = personIds;
      const deal = this.createDeal(
        { title: client.dealName, value: client.dealAmount, currency: 'USD', org_id: organization.id, person_id: first ?? null, expected_close_date: new Date(today + (14 + index * 7) * DAY_MS).toISOString().slice(0, 10) },
        others,
      );
      seed.dealIds.push(deal.id);
    }
    return seed;
  }

  /** `count` organizations, each with two persons and a deal, changed over the last days: enough for several pages. */
  generate(count: number): void {
    const start = this.now() - 10 * DAY_MS;
    const clock = this.now;
    try {
      for (let i = 0; i < count; i++) {
        const at = start + i * 60_000;
        this.now = () => at;
        const organization = this.createOrganization({ name: `Generated Co ${i}`, website: `https://generated-${i}.example` });
        const people = [0, 1].map((n) => this.createPerson({ name: `Person ${i}-${n}`, org_id: organization.id, emails: [{ value: `person${n}@generated-${i}.example`, primary: true, label: 'work' }] }).id);
        this.createDeal({ title: `Generated deal ${i}`, value: 1000 + i, org_id: organization.id, person_id: people[0] ?? null });
      }
    } finally {
      this.now = clock;
    }
  }

  private defaultOwner(): number | null {
    return this.users.values().next().value?.id ?? null;
  }

  private record(action: WebhookV2Event['meta']['action'], collection: EmulatedCollection, id: number, previous: Record<string, unknown> | null): WebhookV2Event {
    const object = this.collection(collection).get(id)!;
    const userId = String(this.defaultOwner() ?? 1);
    const event: WebhookV2Event = {
      meta: {
        action,
        entity: ENTITY[collection],
        company_id: this.companyId,
        correlation_id: randomUUID(),
        entity_id: String(id),
        id: randomUUID(),
        is_bulk_edit: false,
        timestamp: new Date(this.now()).toISOString(),
        type: 'general',
        user_id: userId,
        version: '2.0',
        webhook_id: '101',
        webhook_owner_id: userId,
        change_source: 'app',
        attempt: 1,
        host: `${this.companyDomain}.pipedrive.com`,
        permitted_user_ids: [userId],
      },
      // v2 carries only the crucial fields; a deletion's data is null and its previous is the last state.
      data: action === 'delete' ? null : { id, ...pick(object as unknown as Record<string, unknown>, ['name', 'title', 'status', 'org_id', 'person_id', 'owner_id', 'update_time']) },
      previous,
    };
    this.events.push(event);
    return event;
  }
}

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in object).map((key) => [key, object[key]]));
}
