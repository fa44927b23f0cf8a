/**
 * HubSpot response bodies for nock, shaped like the documented CRM v3 responses
 * (see shared/provider-samples/hubspot): objects with string properties, ISO dates,
 * search results with total and paging.next.after.
 */
export interface FakeObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function fakeCompany(id: string, modifiedMs: number, props: Record<string, string | null> = {}): FakeObject {
  return {
    id,
    properties: { hs_object_id: id, name: `Company ${id}`, domain: `company${id}.example`, createdate: iso(modifiedMs - 86_400_000), hs_lastmodifieddate: iso(modifiedMs), ...props },
    createdAt: iso(modifiedMs - 86_400_000),
    updatedAt: iso(modifiedMs),
    archived: false,
  };
}

export function fakeContact(id: string, modifiedMs: number, props: Record<string, string | null> = {}): FakeObject {
  return {
    id,
    properties: { hs_object_id: id, email: `person${id}@example.com`, firstname: 'Pat', lastname: `Person${id}`, createdate: iso(modifiedMs - 86_400_000), lastmodifieddate: iso(modifiedMs), ...props },
    createdAt: iso(modifiedMs - 86_400_000),
    updatedAt: iso(modifiedMs),
    archived: false,
  };
}

export function fakeDeal(id: string, modifiedMs: number, props: Record<string, string | null> = {}): FakeObject {
  return {
    id,
    properties: {
      hs_object_id: id,
      dealname: `Deal ${id}`,
      amount: '50000.00',
      closedate: '2024-03-31T00:00:00.000Z',
      dealstage: 'presentationscheduled',
      pipeline: 'default',
      hubspot_owner_id: '910',
      createdate: iso(modifiedMs - 86_400_000),
      hs_lastmodifieddate: iso(modifiedMs),
      ...props,
    },
    createdAt: iso(modifiedMs - 86_400_000),
    updatedAt: iso(modifiedMs),
    archived: false,
  };
}

export function searchResponse(results: FakeObject[], total: number, after?: string) {
  return { total, results, ...(after ? { paging: { next: { after, link: `?after=${after}` } } } : {}) };
}

export function associationsResponse(links: Record<string, string[]>, typeId = 5) {
  return {
    status: 'COMPLETE',
    results: Object.entries(links).map(([from, to]) => ({
      from: { id: from },
      to: to.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] })),
    })),
    startedAt: '2024-01-15T00:00:00.000Z',
    completedAt: '2024-01-15T00:00:01.000Z',
  };
}

export function batchReadResponse(results: FakeObject[]) {
  return { status: 'COMPLETE', results, startedAt: '2024-01-15T00:00:00.000Z', completedAt: '2024-01-15T00:00:01.000Z' };
}

const stage = (id: string, label: string, order: number, isClosed: boolean, probability: string) => ({
  id,
  label,
  displayOrder: order,
  metadata: { isClosed: String(isClosed), probability },
  archived: false,
  createdAt: '2023-01-01T00:00:00.000Z',
  updatedAt: '2023-01-01T00:00:00.000Z',
});

/** GET /crm/v3/pipelines/deals: the default pipeline plus a custom one whose stage ids are numbers. */
export function pipelinesResponse() {
  return {
    results: [
      {
        id: 'default',
        label: 'Sales Pipeline',
        displayOrder: 0,
        archived: false,
        createdAt: '2023-01-01T00:00:00.000Z',
        updatedAt: '2023-01-01T00:00:00.000Z',
        stages: [
          stage('appointmentscheduled', 'Appointment Scheduled', 0, false, '0.2'),
          stage('presentationscheduled', 'Presentation Scheduled', 1, false, '0.6'),
          stage('closedwon', 'Closed Won', 2, true, '1.0'),
          stage('closedlost', 'Closed Lost', 3, true, '0.0'),
        ],
      },
      {
        id: '7654321',
        label: 'Retainers',
        displayOrder: 1,
        archived: false,
        createdAt: '2023-01-01T00:00:00.000Z',
        updatedAt: '2023-01-01T00:00:00.000Z',
        stages: [stage('1029384756', 'Proposal', 0, false, '0.5'), stage('1029384757', 'Signed', 1, true, '1.0')],
      },
    ],
  };
}

export function ownersResponse() {
  return {
    results: [
      { id: '910', email: 'alex.owner@brightside.example', firstName: 'Alex', lastName: 'Owner', userId: 4567, createdAt: '2023-01-01T00:00:00.000Z', updatedAt: '2023-06-01T00:00:00.000Z', archived: false },
    ],
  };
}
