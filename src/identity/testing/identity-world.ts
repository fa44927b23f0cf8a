/**
 * A fixture world for identity resolution: six clients won in two CRMs, and the accounting,
 * payment and project records that belong to them — including every hard case issue 6 names.
 * `expectedOwner` says, for each record, the only client that may ever see it (null: nobody).
 */
import type { Store } from '../../store/store.js';
import { upsertRecord } from '../../records/upsert-record.js';
import { insertClient } from '../../store/clients/insert-client.js';
import { insertClientSource } from '../../store/clients/insert-client-source.js';
import { updateRecordClient } from '../../store/records/update-record-client.js';
import type { RecordKind } from '../../model/unified-model.js';

export interface WorldRecord {
  key: string;
  provider: string;
  objectType: string;
  kind: RecordKind;
  externalId: string;
  data: Record<string, unknown>;
  raw: Record<string, unknown>;
  /** Client key that owns it, or null; 'review' when it must wait in the review queue (so: nobody for now). */
  expected: string | null | 'review';
}

const company = (name: string, extra: Record<string, unknown> = {}) => ({ name, domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null, ...extra });
const contact = (email: string, companyIds: string[]) => ({ email, firstName: null, lastName: null, fullName: email, phone: null, jobTitle: null, companyExternalIds: companyIds });
const deal = (name: string, companyIds: string[]) => ({ name, amountMinor: 100000, currency: 'USD', pipelineId: null, stageId: null, stageLabel: 'Closed won', isClosed: true, isWon: true, closeDate: '2026-10-01', ownerExternalId: null, companyExternalIds: companyIds, contactExternalIds: [] });
const invoice = (number: string, customer: string) => ({ number, status: 'open', issueDate: '2026-11-01', dueDate: '2026-12-01', currency: 'USD', subtotalMinor: 10000, taxMinor: 0, totalMinor: 10000, amountDueMinor: 10000, payUrl: null, pdfAvailable: true, customerExternalId: customer, lines: [] });
const payment = (customer: string | null, invoices: string[]) => ({ amountMinor: 20000, currency: 'USD', paidAt: '2026-11-15', refundedMinor: 0, method: 'card', customerExternalId: customer, invoiceExternalIds: invoices });
const project = (name: string) => ({ name, ownerName: null, dueDate: null, percentComplete: 50, statusColor: 'green', statusText: null, archived: false });
const task = (name: string, projectId: string) => ({ projectExternalId: projectId, name, isMilestone: true, phase: null, assigneeName: null, dueDate: null, completed: false, completedAt: null, clientVisible: true });

/** The clients, by the CRM company that was won (provisioned), with the name the client got then. */
export const WORLD_CLIENTS = [
  { key: 'acme', name: 'Acme Corporation', crm: 'hubspot:101' },
  { key: 'globex', name: 'Globex Ltd', crm: 'hubspot:102' },
  { key: 'initech-east', name: 'Initech East', crm: 'hubspot:103' },
  { key: 'initech-west', name: 'Initech West', crm: 'hubspot:104' },
  { key: 'umbrella', name: 'Umbrella S.A.', crm: 'salesforce:001Um0000000001AAA' },
  // Provisioned as "Soylent Green Foods"; the CRM company has since been renamed.
  { key: 'soylent', name: 'Soylent Green Foods', crm: 'hubspot:106' },
] as const;

export const WORLD_RECORDS: WorldRecord[] = [
  // CRM companies, contacts and deals.
  { key: 'hs-acme', provider: 'hubspot', objectType: 'companies', kind: 'company', externalId: '101', data: company('Acme Corporation', { domain: 'acme.com' }), raw: { id: '101' }, expected: 'acme' },
  { key: 'hs-globex', provider: 'hubspot', objectType: 'companies', kind: 'company', externalId: '102', data: company('Globex Ltd', { domain: 'globex.com' }), raw: { id: '102' }, expected: 'globex' },
  { key: 'hs-initech-e', provider: 'hubspot', objectType: 'companies', kind: 'company', externalId: '103', data: company('Initech East', { domain: 'initech.com' }), raw: { id: '103' }, expected: 'initech-east' },
  { key: 'hs-initech-w', provider: 'hubspot', objectType: 'companies', kind: 'company', externalId: '104', data: company('Initech West', { domain: 'initech.com' }), raw: { id: '104' }, expected: 'initech-west' },
  { key: 'hs-soylent', provider: 'hubspot', objectType: 'companies', kind: 'company', externalId: '106', data: company('Soylent Holdings', { domain: 'soylent.co' }), raw: { id: '106' }, expected: 'soylent' },
  { key: 'hs-prospect', provider: 'hubspot', objectType: 'companies', kind: 'company', externalId: '107', data: company('Prospect Partners', { domain: 'prospect.example' }), raw: { id: '107' }, expected: null },
  { key: 'hs-jane', provider: 'hubspot', objectType: 'contacts', kind: 'contact', externalId: '201', data: contact('jane@acme.com', ['101']), raw: { id: '201' }, expected: 'acme' },
  { key: 'hs-hank', provider: 'hubspot', objectType: 'contacts', kind: 'contact', externalId: '202', data: contact('hank@globex.com', ['102']), raw: { id: '202' }, expected: 'globex' },
  // A Globex person who uses a personal address: matches by exact email, never by gmail.com.
  { key: 'hs-bob', provider: 'hubspot', objectType: 'contacts', kind: 'contact', externalId: '203', data: contact('bob.globex@gmail.com', ['102']), raw: { id: '203' }, expected: 'globex' },
  { key: 'hs-deal-acme', provider: 'hubspot', objectType: 'deals', kind: 'deal', externalId: '301', data: deal('Acme website', ['101']), raw: { id: '301' }, expected: 'acme' },
  { key: 'sf-umbrella', provider: 'salesforce', objectType: 'Account', kind: 'company', externalId: '001Um0000000001AAA', data: company('Umbrella SA', { website: 'https://www.umbrella.io' }), raw: { Id: '001Um0000000001AAA' }, expected: 'umbrella' },
  { key: 'sf-deal', provider: 'salesforce', objectType: 'Opportunity', kind: 'deal', externalId: '006Um0000000001AAA', data: deal('Umbrella CRM', ['001Um0000000001AAA']), raw: { Id: '006Um0000000001AAA' }, expected: 'umbrella' },

  // Accounting: the same client in QuickBooks and Xero.
  { key: 'qb-acme', provider: 'quickbooks', objectType: 'Customer', kind: 'company', externalId: '21', data: company('Acme Corporation', { emails: ['jane@acme.com'] }), raw: { Id: '21' }, expected: 'acme' },
  { key: 'xero-acme', provider: 'xero', objectType: 'Contact', kind: 'company', externalId: 'x-acme', data: company('ACME Corp.', { emails: ['accounts@acme.com'] }), raw: { contactID: 'x-acme' }, expected: 'acme' },
  { key: 'xero-bob', provider: 'xero', objectType: 'Contact', kind: 'company', externalId: 'x-bob', data: company('Bob Smith', { emails: ['bob.globex@gmail.com'] }), raw: { contactID: 'x-bob' }, expected: 'globex' },
  // A stranger at gmail.com whose contact is named like a client: a suggestion only.
  { key: 'xero-gmail', provider: 'xero', objectType: 'Contact', kind: 'company', externalId: 'x-gmail', data: company('Globex', { emails: ['someone@gmail.com'] }), raw: { contactID: 'x-gmail' }, expected: 'review' },
  // initech.com belongs to two clients: neither may be guessed.
  { key: 'qb-initech', provider: 'quickbooks', objectType: 'Customer', kind: 'company', externalId: '22', data: company('Initech', { emails: ['ap@initech.com'] }), raw: { Id: '22' }, expected: 'review' },
  { key: 'xero-umbrella', provider: 'xero', objectType: 'Contact', kind: 'company', externalId: 'x-umbrella', data: company('Umbrella S.A.', { website: 'umbrella.io' }), raw: { contactID: 'x-umbrella' }, expected: 'umbrella' },
  // Renamed company: the domain still says who it is.
  { key: 'xero-soylent', provider: 'xero', objectType: 'Contact', kind: 'company', externalId: 'x-soylent', data: company('Soylent Holdings Ltd', { emails: ['billing@soylent.co'] }), raw: { contactID: 'x-soylent' }, expected: 'soylent' },
  // Account number set to the CRM id: explicit.
  { key: 'xero-explicit', provider: 'xero', objectType: 'Contact', kind: 'company', externalId: 'x-explicit', data: company('Initech (East office)', { emails: ['ap@initech.com'] }), raw: { contactID: 'x-explicit', accountNumber: '103' }, expected: 'initech-east' },
  { key: 'qb-nobody', provider: 'quickbooks', objectType: 'Customer', kind: 'company', externalId: '23', data: company('Nobody Ltd', { emails: ['x@nowhere.org'] }), raw: { Id: '23' }, expected: null },

  // Stripe customers.
  { key: 'st-globex', provider: 'stripe', objectType: 'Customer', kind: 'company', externalId: 'cus_globex', data: company('Globex', { emails: ['hank@globex.com'] }), raw: { id: 'cus_globex', metadata: { crm_company_id: '102' } }, expected: 'globex' },
  // A CRM id that names no client any more: the email decides.
  { key: 'st-stale', provider: 'stripe', objectType: 'Customer', kind: 'company', externalId: 'cus_stale', data: company('Acme', { emails: ['jane@acme.com'] }), raw: { id: 'cus_stale', metadata: { crm_company_id: '999' } }, expected: 'acme' },
  // A CRM id naming Acme on a customer whose email is Globex's: a conflict for a person.
  { key: 'st-conflict', provider: 'stripe', objectType: 'Customer', kind: 'company', externalId: 'cus_conflict', data: company('Globex billing', { emails: ['hank@globex.com'] }), raw: { id: 'cus_conflict', metadata: { crm_company_id: '101' } }, expected: 'review' },
  { key: 'st-soylent-name', provider: 'stripe', objectType: 'Customer', kind: 'company', externalId: 'cus_soylent', data: company('Soylent Green Foods, Inc.'), raw: { id: 'cus_soylent', metadata: {} }, expected: 'review' },

  // Asana projects: one carries the CRM id in a custom field.
  { key: 'as-acme', provider: 'asana', objectType: 'Project', kind: 'project', externalId: '1201', data: project('Acme website rebuild'), raw: { gid: '1201', custom_fields: [{ name: 'CRM Company Id', display_value: '101' }] }, expected: 'acme' },
  { key: 'as-internal', provider: 'asana', objectType: 'Project', kind: 'project', externalId: '1202', data: project('Internal tooling'), raw: { gid: '1202', custom_fields: [] }, expected: null },
  { key: 'as-task', provider: 'asana', objectType: 'Task', kind: 'task', externalId: '1301', data: task('Launch', '1201'), raw: { gid: '1301' }, expected: 'acme' },
  { key: 'as-task-internal', provider: 'asana', objectType: 'Task', kind: 'task', externalId: '1302', data: task('Refactor', '1202'), raw: { gid: '1302' }, expected: null },

  // Money hanging off the billing identities.
  { key: 'xero-inv-1', provider: 'xero', objectType: 'Invoice', kind: 'invoice', externalId: 'xi-1', data: invoice('INV-1', 'x-acme'), raw: { invoiceID: 'xi-1' }, expected: 'acme' },
  { key: 'xero-inv-2', provider: 'xero', objectType: 'Invoice', kind: 'invoice', externalId: 'xi-2', data: invoice('INV-2', 'x-acme'), raw: { invoiceID: 'xi-2' }, expected: 'acme' },
  // One payment settling two invoices, naming no customer itself.
  { key: 'xero-pay', provider: 'xero', objectType: 'Payment', kind: 'payment', externalId: 'xp-1', data: payment(null, ['xi-1', 'xi-2']), raw: { paymentID: 'xp-1' }, expected: 'acme' },
  { key: 'qb-inv-initech', provider: 'quickbooks', objectType: 'Invoice', kind: 'invoice', externalId: '130', data: invoice('1030', '22'), raw: { Id: '130' }, expected: 'review' },
  { key: 'qb-inv-acme', provider: 'quickbooks', objectType: 'Invoice', kind: 'invoice', externalId: '131', data: invoice('1031', '21'), raw: { Id: '131' }, expected: 'acme' },
  { key: 'qb-inv-nobody', provider: 'quickbooks', objectType: 'Invoice', kind: 'invoice', externalId: '132', data: invoice('1032', '23'), raw: { Id: '132' }, expected: null },
  { key: 'st-inv-conflict', provider: 'stripe', objectType: 'Invoice', kind: 'invoice', externalId: 'in_conflict', data: invoice('ST-1', 'cus_conflict'), raw: { id: 'in_conflict' }, expected: 'review' },
  { key: 'st-inv-globex', provider: 'stripe', objectType: 'Invoice', kind: 'invoice', externalId: 'in_globex', data: invoice('ST-2', 'cus_globex'), raw: { id: 'in_globex' }, expected: 'globex' },
];

export interface World {
  workspaceId: number;
  connections: Record<string, number>;
  clients: Record<string, number>;
  records: Record<string, number>;
  clientKeyOf(id: number | null): string | null;
}

/** Writes the world into a migrated store (either engine): connections, records, and the clients as provisioning would leave them. */
export async function seedIdentityWorld(store: Store, workspaceId: number, now = Date.now()): Promise<World> {
  return store.transaction(async (tx) => {
    const connections: Record<string, number> = {};
    for (const provider of ['hubspot', 'salesforce', 'quickbooks', 'xero', 'stripe', 'asana']) {
      const row = await tx
        .insertInto('connections')
        .values({ workspace_id: workspaceId, provider, label: 'world', auth_type: 'token', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      connections[provider] = Number(row.id);
    }
    const records: Record<string, number> = {};
    for (const record of WORLD_RECORDS) {
      records[record.key] = (await upsertRecord(tx, { workspaceId, connectionId: connections[record.provider]!, provider: record.provider, objectType: record.objectType, externalId: record.externalId, kind: record.kind, data: record.data, raw: record.raw, sourceUpdatedAt: now, deleted: false }, now)).recordId;
    }
    const clients: Record<string, number> = {};
    for (const client of WORLD_CLIENTS) {
      const id = await insertClient(tx, { workspaceId, name: client.name }, now);
      clients[client.key] = id;
      const [provider, externalId] = client.crm.split(':') as [string, string];
      const company = await tx.selectFrom('records').select('id').where('connection_id', '=', connections[provider]!).where('external_id', '=', externalId).executeTakeFirstOrThrow();
      const companyId = Number(company.id);
      await insertClientSource(tx, { clientId: id, recordId: companyId, how: 'provisioned_from_won_deal' }, now);
      await updateRecordClient(tx, companyId, id);
    }
    const byId = new Map(Object.entries(clients).map(([key, id]) => [id, key]));
    return { workspaceId, connections, clients, records, clientKeyOf: (id: number | null) => (id == null ? null : byId.get(id) ?? `client#${id}`) };
  });
}
