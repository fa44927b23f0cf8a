import { CRM_OBJECT_TYPES, SINGULAR } from './crm-object-types.js';
import type { CrmObjectType } from './crm-object-types.js';
import { isAssociable } from './association-types.js';
import { subscriptionIdFor } from './webhook-events.js';
import type { HubSpotWebhookEvent } from './webhook-events.js';

export type PropertyValues = Record<string, string | null>;

/** A CRM record in HubSpot's v3 shape; every property value is a string, as HubSpot sends them. */
export interface CrmRecord {
  id: string;
  properties: PropertyValues;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

export interface HubSpotOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: { isClosed: 'true' | 'false'; probability: string };
  archived: false;
  createdAt: string;
  updatedAt: string;
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  archived: false;
  createdAt: string;
  updatedAt: string;
  stages: PipelineStage[];
}

/** A property definition as the properties API returns it (the fields the hub reads). */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  calculated: false;
  externalOptions: false;
  archived: false;
  createdAt: string;
  updatedAt: string;
  options: [];
}

export interface AssociationLink {
  toId: string;
  primary: boolean;
}

export interface EmulatorStoreOptions {
  /** The store's clock (epoch ms): creation and update times come from it, so tests can pin them. */
  now?: () => number;
  portalId?: number;
  appId?: number;
  /** First record id; ids then count up across all types in creation order. */
  firstId?: number;
}

export interface GenerateOptions {
  /** Gap between consecutive records' timestamps; 0 gives them all the same time (ties for re-anchoring). */
  spacingMs?: number;
  /** Timestamp of the last generated record (default: the store clock). */
  endAt?: number;
  types?: readonly CrmObjectType[];
  /** Contacts per generated company (default 2), so n companies make 4n records by default. */
  contactsPerCompany?: number;
}

export interface GeneratedIds {
  companyIds: string[];
  contactIds: string[];
  dealIds: string[];
}

export interface DemoSeed extends GeneratedIds {
  ownerId: string;
}

export const DEFAULT_PIPELINE_ID = 'default';
export const CUSTOM_PIPELINE_ID = '75318642';

/** Present in every store, so owner pulls and `hubspot_owner_id` always have someone to point at. */
export const DEFAULT_OWNER = {
  id: '910',
  email: 'alex.owner@brightside.example',
  firstName: 'Alex',
  lastName: 'Owner',
  userId: 4567,
} as const;

const DAY_MS = 86_400_000;

const iso = (ms: number): string => new Date(ms).toISOString();

export class HubSpotEmulatorStore {
  readonly now: () => number;
  readonly portalId: number;
  readonly appId: number;
  readonly owners: HubSpotOwner[] = [];
  readonly pipelines: Pipeline[];

  /** Records by type and id, in creation order. Read freely; change them through create/update. */
  readonly objects: Record<CrmObjectType, Map<string, CrmRecord>> = {
    companies: new Map(),
    contacts: new Map(),
    deals: new Map(),
    tickets: new Map(),
    emails: new Map(),
    notes: new Map(),
    quotes: new Map(),
  };
  /**
   * Where hosted quote pages are served (hs_quote_link's origin): the emulator's own URL once it
   * listens (startHubSpotEmulator sets it), so a test can follow the link the portal shows.
   */
  quotePageBase = 'https://quotes.emulator.invalid';
  /** Custom properties defined through the properties API, by object type and name. */
  readonly propertyDefinitions = new Map<string, PropertyDefinition>();
  /** Ticket pipelines (HubSpot's default support pipeline). */
  readonly ticketPipelines: Pipeline[];
  /** Keyed `${fromType}:${fromId}:${toType}`; both directions are stored, as HubSpot answers both. */
  private readonly links = new Map<string, AssociationLink[]>();
  // One counter for all types: numeric ids like HubSpot's, and no id names two records.
  private nextId: number;
  private nextOwnerId = 90_000_001;
  private nextEventId = 1_000_001;
  /** Moves on every change made through the store: search indexes built at one version serve until the next. */
  version = 0;

  /** Takes options, or just the clock (the older form). */
  constructor(options: EmulatorStoreOptions | (() => number) = {}) {
    const settings = typeof options === 'function' ? { now: options } : options;
    this.now = settings.now ?? (() => Date.now());
    this.portalId = settings.portalId ?? 12_345_678;
    this.appId = settings.appId ?? 987_654;
    this.nextId = settings.firstId ?? 1_000;
    const at = iso(this.now());
    this.pipelines = buildDealPipelines(at);
    this.ticketPipelines = buildTicketPipelines(at);
    this.owners.push({ ...DEFAULT_OWNER, createdAt: at, updatedAt: at, archived: false });
  }

  get(type: CrmObjectType, id: string): CrmRecord | undefined {
    return this.objects[type].get(id);
  }

  /** Insertion order, which is creation order. */
  all(type: CrmObjectType): IterableIterator<CrmRecord> {
    return this.objects[type].values();
  }

  count(type: CrmObjectType): number {
    return this.objects[type].size;
  }

  /** For `idProperty` reads (e.g. contacts by email): HubSpot matches unique properties case-insensitively. */
  findByProperty(type: CrmObjectType, propertyName: string, value: string): CrmRecord | undefined {
    if (propertyName === 'hs_object_id') return this.get(type, value);
    const wanted = value.toLowerCase();
    for (const record of this.objects[type].values()) {
      if (record.properties[propertyName]?.toLowerCase() === wanted) return record;
    }
    return undefined;
  }

  create(type: CrmObjectType, properties: PropertyValues, options: { createdAt?: number; updatedAt?: number } = {}): CrmRecord {
    const id = String(this.nextId++);
    const createdAt = options.createdAt ?? this.now();
    const updatedAt = options.updatedAt ?? createdAt;
    const record: CrmRecord = {
      id,
      properties: { ...properties, hs_object_id: id, createdate: iso(createdAt) },
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
      archived: false,
    };
    this.stampModified(type, record, updatedAt);
    if (type === 'deals') this.deriveDealProperties(record.properties);
    if (type === 'quotes') this.deriveQuoteProperties(record.properties, id);
    this.objects[type].set(id, record);
    this.version++;
    return record;
  }

  /** Changes properties and, like HubSpot, moves the record's modification time to "now". */
  update(type: CrmObjectType, id: string, properties: PropertyValues): CrmRecord {
    const record = this.require(type, id);
    Object.assign(record.properties, properties);
    this.stampModified(type, record, this.now());
    if (type === 'deals') this.deriveDealProperties(record.properties);
    if (type === 'quotes') this.deriveQuoteProperties(record.properties, id);
    this.version++;
    return record;
  }

  /** A quote associated with deals (hs_status DRAFT unless given, as HubSpot creates them). */
  createQuote(properties: PropertyValues, options: { dealIds?: string[]; createdAt?: number } = {}): CrmRecord {
    const quote = this.create('quotes', { hs_status: 'DRAFT', hs_currency: 'USD', hs_esign_enabled: 'false', ...properties }, options);
    for (const dealId of options.dealIds ?? []) this.associate('quotes', quote.id, 'deals', dealId);
    return quote;
  }

  /** Re-derives every quote's hosted link (after the page base moved, e.g. the emulator started listening). */
  refreshQuoteLinks(): void {
    for (const quote of this.objects.quotes.values()) this.deriveQuoteProperties(quote.properties, quote.id);
  }

  createCompany(properties: PropertyValues, options: { createdAt?: number } = {}): CrmRecord {
    return this.create('companies', properties, options);
  }

  createContact(properties: PropertyValues, options: { companyId?: string; createdAt?: number } = {}): CrmRecord {
    const contact = this.create('contacts', properties, options);
    if (options.companyId) this.associate('contacts', contact.id, 'companies', options.companyId);
    return contact;
  }

  createDeal(properties: PropertyValues, options: { companyId?: string; contactIds?: string[]; createdAt?: number } = {}): CrmRecord {
    const deal = this.create('deals', { pipeline: DEFAULT_PIPELINE_ID, ...properties }, options);
    if (options.companyId) this.associate('deals', deal.id, 'companies', options.companyId);
    for (const contactId of options.contactIds ?? []) this.associate('deals', deal.id, 'contacts', contactId);
    return deal;
  }

  /**
   * Links two records in both directions. The first company a deal or contact gets is its primary
   * one (HubSpot's default), and a contact's primary company shows in `associatedcompanyid`.
   */
  associate(fromType: CrmObjectType, fromId: string, toType: CrmObjectType, toId: string, options: { primary?: boolean } = {}): void {
    if (!isAssociable(fromType, toType)) throw new Error(`HubSpot emulator: ${fromType} cannot be associated with ${toType}`);
    this.require(fromType, fromId);
    this.require(toType, toId);
    const forward = this.linkList(fromType, fromId, toType);
    if (forward.some((link) => link.toId === toId)) return;
    const primary = options.primary ?? (toType === 'companies' && forward.length === 0);
    forward.push({ toId, primary });
    this.linkList(toType, toId, fromType).push({ toId: fromId, primary });
    if (primary && fromType === 'contacts' && toType === 'companies') {
      this.require('contacts', fromId).properties.associatedcompanyid = toId;
    }
    this.version++;
  }

  associations(fromType: CrmObjectType, fromId: string, toType: CrmObjectType): readonly AssociationLink[] {
    return this.links.get(linkKey(fromType, fromId, toType)) ?? [];
  }

  addOwner(owner: { email: string; firstName: string; lastName: string }): HubSpotOwner {
    const at = iso(this.now());
    const id = this.nextOwnerId++;
    const created: HubSpotOwner = { ...owner, id: String(id), userId: id - 85_000_000, createdAt: at, updatedAt: at, archived: false };
    this.owners.push(created);
    return created;
  }

  getOwner(id: string): HubSpotOwner | undefined {
    return this.owners.find((owner) => owner.id === id);
  }

  pipeline(id: string): Pipeline | undefined {
    return this.pipelines.find((pipeline) => pipeline.id === id);
  }

  /** Stage ids are unique across a portal's deal pipelines, so a stage id alone finds its pipeline. */
  findStage(stageId: string): { pipeline: Pipeline; stage: PipelineStage } | undefined {
    for (const pipeline of this.pipelines) {
      const stage = pipeline.stages.find((candidate) => candidate.id === stageId);
      if (stage) return { pipeline, stage };
    }
    return undefined;
  }

  /** Moves a deal (across pipelines if need be) and returns the webhook event HubSpot would send. */
  moveDealToStage(dealId: string, stageId: string): HubSpotWebhookEvent {
    const found = this.findStage(stageId);
    if (!found) throw new Error(`HubSpot emulator: unknown deal stage ${stageId}`);
    this.update('deals', dealId, { dealstage: stageId, pipeline: found.pipeline.id });
    return this.propertyChangeEvent('deals', dealId, 'dealstage');
  }

  /**
   * An email on a ticket's thread, as the help desk logs it: `EMAIL` sent by the team to the customer,
   * `INCOMING_EMAIL` from the customer. The ticket's last engagement moves, and the
   * `ticket.propertyChange` event HubSpot sends for it is returned.
   */
  addTicketEmail(ticketId: string, email: { text: string; direction: 'EMAIL' | 'INCOMING_EMAIL' | 'FORWARDED_EMAIL'; fromFirstName?: string; fromLastName?: string; subject?: string }): { email: CrmRecord; event: HubSpotWebhookEvent } {
    const at = iso(this.now());
    const created = this.create('emails', {
      hs_email_text: email.text,
      hs_email_direction: email.direction,
      hs_email_subject: email.subject ?? null,
      hs_email_sender_firstname: email.fromFirstName ?? null,
      hs_email_sender_lastname: email.fromLastName ?? null,
      hs_timestamp: at,
    });
    this.associate('emails', created.id, 'tickets', ticketId);
    this.update('tickets', ticketId, { last_engagement_date: at });
    return { email: created, event: this.propertyChangeEvent('tickets', ticketId, 'last_engagement_date') };
  }

  /** An internal note on a ticket (never shown to the customer by HubSpot's own portal). */
  addTicketNote(ticketId: string, body: string): { note: CrmRecord; event: HubSpotWebhookEvent } {
    const at = iso(this.now());
    const note = this.create('notes', { hs_note_body: body, hs_timestamp: at });
    this.associate('notes', note.id, 'tickets', ticketId);
    this.update('tickets', ticketId, { last_engagement_date: at });
    return { note, event: this.propertyChangeEvent('tickets', ticketId, 'last_engagement_date') };
  }

  propertyChangeEvent(type: CrmObjectType, id: string, propertyName: string): HubSpotWebhookEvent {
    const record = this.require(type, id);
    return {
      ...this.eventBase(`${SINGULAR[type]}.propertyChange`, id),
      propertyName,
      propertyValue: record.properties[propertyName] ?? '',
    };
  }

  creationEvent(type: CrmObjectType, id: string): HubSpotWebhookEvent {
    this.require(type, id);
    return { ...this.eventBase(`${SINGULAR[type]}.creation`, id), changeFlag: 'CREATED' };
  }

  /**
   * Adds n synthetic companies, each with its contacts and one deal linked to both, timestamps
   * spaced evenly up to `endAt`, so incremental reads have a realistic spread to page through.
   */
  generate(n: number, options: GenerateOptions = {}): GeneratedIds {
    const spacing = options.spacingMs ?? 1_000;
    const endAt = options.endAt ?? this.now();
    const types = new Set(options.types ?? CRM_OBJECT_TYPES);
    const contactsPerCompany = options.contactsPerCompany ?? 2;
    const openStages = this.pipeline(DEFAULT_PIPELINE_ID)?.stages.filter((stage) => stage.metadata.isClosed === 'false') ?? [];
    const ownerId = this.owners[0]?.id ?? null;
    const ids: GeneratedIds = { companyIds: [], contactIds: [], dealIds: [] };
    const first = this.count('companies') + this.count('deals');

    for (let i = 0; i < n; i++) {
      const at = endAt - (n - 1 - i) * spacing;
      const seq = first + i + 1;
      const domain = `synthetic-${seq}.example`;
      const companyId = types.has('companies')
        ? this.create('companies', { name: `Synthetic Company ${seq}`, domain, city: 'Springfield', country: 'United States', hubspot_owner_id: ownerId }, { createdAt: at }).id
        : undefined;
      if (companyId) ids.companyIds.push(companyId);
      const contactIds: string[] = [];
      for (let k = 0; types.has('contacts') && k < contactsPerCompany; k++) {
        const contact = this.create('contacts', { firstname: 'Person', lastname: `${seq}-${k + 1}`, email: `person${k + 1}@${domain}`, jobtitle: 'Buyer' }, { createdAt: at });
        if (companyId) this.associate('contacts', contact.id, 'companies', companyId);
        contactIds.push(contact.id);
      }
      ids.contactIds.push(...contactIds);
      if (types.has('deals')) {
        const deal = this.create('deals', {
          dealname: `Synthetic deal ${seq}`,
          amount: String(1_000 + (seq % 97) * 250),
          deal_currency_code: 'USD',
          pipeline: DEFAULT_PIPELINE_ID,
          dealstage: openStages[i % Math.max(openStages.length, 1)]?.id ?? 'appointmentscheduled',
          closedate: iso(startOfUtcDay(at) + 30 * DAY_MS),
          hubspot_owner_id: ownerId,
        }, { createdAt: at });
        if (companyId) this.associate('deals', deal.id, 'companies', companyId);
        for (const contactId of contactIds) this.associate('deals', deal.id, 'contacts', contactId);
        ids.dealIds.push(deal.id);
      }
    }
    return ids;
  }

  /**
   * A small, believable portal for `npm run demo`: three companies, their people on the company's
   * domain, one open deal each owned by the default owner. Northwind's "Website rebuild" is the deal
   * the demo wins; Globex sits in the custom pipeline so numeric stage ids show up too.
   */
  seedDemo(): DemoSeed {
    const now = this.now();
    const ownerId = this.owners[0]?.id ?? this.addOwner(DEFAULT_OWNER).id;
    const seed: DemoSeed = { ownerId, companyIds: [], contactIds: [], dealIds: [] };
    const today = startOfUtcDay(now);

    for (const [index, demo] of DEMO_COMPANIES.entries()) {
      const createdAt = now - (30 - index * 7) * DAY_MS;
      const company = this.createCompany({ ...demo.company, hubspot_owner_id: ownerId }, { createdAt });
      seed.companyIds.push(company.id);
      // A person may carry more properties: Acme's Marvin unsubscribed from all email (hs_email_optout).
      const contactIds = demo.people.map(([firstname, lastname, jobtitle, more], position) =>
        this.createContact(
          { firstname, lastname, jobtitle, email: `${firstname.toLowerCase()}.${lastname.toLowerCase()}@${demo.company.domain}`, phone: demo.company.phone, ...more },
          { companyId: company.id, createdAt: createdAt + (position + 1) * 3_600_000 },
        ).id,
      );
      seed.contactIds.push(...contactIds);
      const deal = this.createDeal(
        { ...demo.deal, closedate: iso(today + demo.closesInDays * DAY_MS), deal_currency_code: 'USD', hubspot_owner_id: ownerId },
        { companyId: company.id, contactIds, createdAt: createdAt + DAY_MS },
      );
      seed.dealIds.push(deal.id);
    }
    return seed;
  }

  private require(type: CrmObjectType, id: string): CrmRecord {
    const record = this.objects[type].get(id);
    if (!record) throw new Error(`HubSpot emulator: no ${SINGULAR[type]} ${id}`);
    return record;
  }

  private linkList(fromType: CrmObjectType, fromId: string, toType: CrmObjectType): AssociationLink[] {
    const key = linkKey(fromType, fromId, toType);
    let list = this.links.get(key);
    if (!list) {
      list = [];
      this.links.set(key, list);
    }
    return list;
  }

  private stampModified(type: CrmObjectType, record: CrmRecord, at: number): void {
    record.updatedAt = iso(at);
    record.properties.hs_lastmodifieddate = iso(at);
    if (type === 'contacts') record.properties.lastmodifieddate = iso(at);
  }

  /**
   * HubSpot gives a quote its public key and, once published (APPROVAL_NOT_NEEDED or APPROVED;
   * ACCEPTED for a CPQ quote the buyer accepted), its hosted page link; drafts, quotes waiting for
   * or refused internal approval have no public page.
   */
  private deriveQuoteProperties(properties: PropertyValues, id: string): void {
    properties.hs_public_url_key ??= `qk${id}${(Number(id) * 7919).toString(36)}`;
    properties.hs_createdate ??= properties.createdate ?? null;
    properties.hs_quote_link = isPublishedQuoteStatus(properties.hs_status) ? `${this.quotePageBase}/q/${properties.hs_public_url_key}` : null;
  }

  /** HubSpot computes these from the stage; readers rely on them when pipelines are unknown. */
  private deriveDealProperties(properties: PropertyValues): void {
    const found = properties.dealstage ? this.findStage(properties.dealstage) : undefined;
    if (!found) return;
    const { isClosed, probability } = found.stage.metadata;
    properties.pipeline = found.pipeline.id;
    properties.hs_is_closed = isClosed;
    properties.hs_is_closed_won = String(isClosed === 'true' && Number(probability) === 1);
    properties.hs_deal_stage_probability = probability;
  }

  private eventBase(subscriptionType: string, id: string): HubSpotWebhookEvent {
    return {
      eventId: this.nextEventId++,
      subscriptionId: subscriptionIdFor(subscriptionType),
      portalId: this.portalId,
      appId: this.appId,
      occurredAt: this.now(),
      subscriptionType,
      attemptNumber: 0,
      objectId: Number(id),
      changeSource: 'CRM_UI',
    };
  }
}

export function isPublishedQuoteStatus(status: string | null | undefined): boolean {
  return status === 'APPROVAL_NOT_NEEDED' || status === 'APPROVED' || status === 'ACCEPTED';
}

function linkKey(fromType: CrmObjectType, fromId: string, toType: CrmObjectType): string {
  return `${fromType}:${fromId}:${toType}`;
}

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function stage(id: string, label: string, displayOrder: number, isClosed: boolean, probability: string, at: string): PipelineStage {
  return { id, label, displayOrder, metadata: { isClosed: isClosed ? 'true' : 'false', probability }, archived: false, createdAt: at, updatedAt: at };
}

/** HubSpot's default "Support Pipeline": stages 1–4, "Closed" (4) is the closed one. */
function buildTicketPipelines(at: string): Pipeline[] {
  const ticketStage = (id: string, label: string, displayOrder: number, isClosed: boolean) =>
    ({ id, label, displayOrder, metadata: { isClosed: isClosed ? 'true' : 'false', probability: '0' }, archived: false, createdAt: at, updatedAt: at }) as PipelineStage;
  return [
    {
      id: '0',
      label: 'Support Pipeline',
      displayOrder: 0,
      archived: false,
      createdAt: at,
      updatedAt: at,
      stages: [ticketStage('1', 'New', 0, false), ticketStage('2', 'Waiting on contact', 1, false), ticketStage('3', 'Waiting on us', 2, false), ticketStage('4', 'Closed', 3, true)],
    },
  ];
}

function buildDealPipelines(at: string): Pipeline[] {
  return [
    {
      id: DEFAULT_PIPELINE_ID,
      label: 'Sales Pipeline',
      displayOrder: 0,
      archived: false,
      createdAt: at,
      updatedAt: at,
      stages: [
        stage('appointmentscheduled', 'Appointment Scheduled', 0, false, '0.2', at),
        stage('qualifiedtobuy', 'Qualified To Buy', 1, false, '0.4', at),
        stage('presentationscheduled', 'Presentation Scheduled', 2, false, '0.6', at),
        stage('decisionmakerboughtin', 'Decision Maker Bought-In', 3, false, '0.8', at),
        stage('contractsent', 'Contract Sent', 4, false, '0.9', at),
        stage('closedwon', 'Closed Won', 5, true, '1.0', at),
        stage('closedlost', 'Closed Lost', 6, true, '0.0', at),
      ],
    },
    {
      // Custom pipelines get numeric ids, and so do their stages: a won stage is only recognisable
      // by isClosed "true" with probability "1.0", never by the id "closedwon".
      id: CUSTOM_PIPELINE_ID,
      label: 'Renewals',
      displayOrder: 1,
      archived: false,
      createdAt: at,
      updatedAt: at,
      stages: [
        stage('1029384756', 'Renewal Due', 0, false, '0.3', at),
        stage('1029384757', 'Negotiating Terms', 1, false, '0.7', at),
        stage('1029384758', 'Renewed', 2, true, '1.0', at),
        stage('1029384759', 'Churned', 3, true, '0.0', at),
      ],
    },
  ];
}

const DEMO_COMPANIES = [
  {
    company: { name: 'Northwind Traders', domain: 'northwind.example', city: 'Seattle', country: 'United States', phone: '+1 206 555 0142', website: 'https://northwind.example' },
    people: [
      ['Nancy', 'Davolio', 'Head of Marketing'],
      ['Andrew', 'Fuller', 'VP Sales'],
    ],
    deal: { dealname: 'Website rebuild', amount: '48000.00', pipeline: DEFAULT_PIPELINE_ID, dealstage: 'presentationscheduled' },
    closesInDays: 14,
  },
  {
    company: { name: 'Acme Robotics', domain: 'acme-robotics.example', city: 'Austin', country: 'United States', phone: '+1 512 555 0188', website: 'https://acme-robotics.example' },
    people: [
      ['Wile', 'Coyote', 'Chief Engineer'],
      ['Road', 'Runner', 'Operations Lead'],
      ['Marvin', 'Martian', 'Procurement', { hs_email_optout: 'true' }],
    ],
    deal: { dealname: 'Brand refresh', amount: '22500.00', pipeline: DEFAULT_PIPELINE_ID, dealstage: 'qualifiedtobuy' },
    closesInDays: 30,
  },
  {
    company: { name: 'Globex Consulting', domain: 'globex.example', city: 'Chicago', country: 'United States', phone: '+1 312 555 0117', website: 'https://globex.example' },
    people: [
      ['Hank', 'Scorpio', 'Managing Partner'],
      ['Homer', 'Simpson', 'Safety Inspector'],
    ],
    deal: { dealname: 'Quarterly retainer', amount: '9000.00', pipeline: CUSTOM_PIPELINE_ID, dealstage: '1029384756' },
    closesInDays: 21,
  },
] as const;
