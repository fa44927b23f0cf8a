import { addSalesforceFile } from './content-documents.js';
import { renderTextPdf } from '../../emulator-support/render-pdf.js';
/** The data behind the Salesforce emulator: sObjects by type, deletions, a clock, API usage. */
export type SObjectRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };
export type EmulatedSObject = 'User' | 'Account' | 'Contact' | 'Opportunity' | 'OpportunityContactRole' | 'Case' | 'CaseComment';

const KEY_PREFIX: Record<EmulatedSObject, string> = { User: '005', Account: '001', Contact: '003', Opportunity: '006', OpportunityContactRole: '00K', Case: '500', CaseComment: '00a' };

/** The org's External ID field the hub upserts Cases on (the admin creates it; README "Salesforce"). */
export const CASE_ACTION_KEY_FIELD = 'ClientHub_Action_Key__c';
export const EMULATED_ORG_ID = '00D5e000000EmUlAAA';

export class SalesforceEmulatorStore {
  readonly records: Record<EmulatedSObject, Map<string, SObjectRecord>> = {
    User: new Map(),
    Account: new Map(),
    Contact: new Map(),
    Opportunity: new Map(),
    OpportunityContactRole: new Map(),
    Case: new Map(),
    CaseComment: new Map(),
  };
  /** Whether the org has the hub's External ID field on Case (off: upserts answer NOT_FOUND, as Salesforce does). */
  caseActionKeyField = true;
  private caseNumber = 1000;
  readonly deleted: { type: EmulatedSObject; id: string; deletedDate: string }[] = [];
  /** Change Data Capture events retained for replay (Salesforce keeps 72 hours). */
  readonly changeEvents: { replayId: number; entityName: string; changeType: string; recordIds: string[]; commitTimestamp: number; transactionKey: string }[] = [];
  apiCalls = 0;
  private counter = 1;

  constructor(
    readonly now: () => number = () => Date.now(),
    readonly orgId = EMULATED_ORG_ID,
  ) {}

  /** Salesforce ids: 3-character key prefix, then a unique part, 18 characters in all. */
  private newId(type: EmulatedSObject): string {
    return `${KEY_PREFIX[type]}5e${String(this.counter++).padStart(10, '0')}AAA`;
  }

  private stamp(at = this.now()): string {
    return new Date(at).toISOString().replace('Z', '+0000');
  }

  create(type: EmulatedSObject, fields: Record<string, unknown>, at?: number): SObjectRecord {
    const id = this.newId(type);
    const record: SObjectRecord = { ...fields, Id: id, SystemModstamp: this.stamp(at), CreatedDate: this.stamp(at) };
    this.records[type].set(id, record);
    return record;
  }

  update(type: EmulatedSObject, id: string, fields: Record<string, unknown>): SObjectRecord {
    const record = this.records[type].get(id);
    if (!record) throw new Error(`No ${type} ${id}`);
    Object.assign(record, fields, { SystemModstamp: this.stamp() });
    return record;
  }

  remove(type: EmulatedSObject, id: string, at?: number): void {
    if (this.records[type].delete(id)) this.deleted.push({ type, id, deletedDate: this.stamp(at) });
  }

  /** Publishes a change event as CDC would after a commit. */
  publishChange(entityName: string, changeType: 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE' | 'GAP_OVERFLOW', recordIds: string[]): number {
    const replayId = this.lastReplayId() + 1;
    this.changeEvents.push({ replayId, entityName, changeType, recordIds, commitTimestamp: Date.now(), transactionKey: `tx-${replayId}` });
    return replayId;
  }

  lastReplayId(): number {
    return this.changeEvents.at(-1)?.replayId ?? 0;
  }

  /** A new Case, numbered as Salesforce auto-numbers them; New and open unless said otherwise. */
  createCase(fields: Record<string, unknown>): SObjectRecord {
    return this.create('Case', { Status: 'New', IsClosed: false, Origin: 'Web', ...fields, CaseNumber: String(++this.caseNumber).padStart(8, '0') });
  }

  /**
   * A comment on a Case. IsPublished true is one the customer sees (Salesforce's "Public" checkbox);
   * false is internal. The Case's SystemModstamp moves and a Case UPDATE change event is published.
   */
  addCaseComment(caseId: string, comment: { body: string; isPublished: boolean; authorName: string }): SObjectRecord {
    const created = this.create('CaseComment', { ParentId: caseId, CommentBody: comment.body, IsPublished: comment.isPublished, CreatedBy: { attributes: { type: 'User' }, Name: comment.authorName } });
    this.update('Case', caseId, {});
    this.publishChange('Case', 'UPDATE', [caseId]);
    return created;
  }

  /** Marks an opportunity Closed Won, as a sales rep would. */
  winOpportunity(id: string): SObjectRecord {
    return this.update('Opportunity', id, { StageName: 'Closed Won', IsClosed: true, IsWon: true });
  }

  contactRolesOf(opportunityId: string): SObjectRecord[] {
    return [...this.records.OpportunityContactRole.values()].filter((r) => r.OpportunityId === opportunityId);
  }

  seedDemo(): void {
    const owner = this.create('User', { Name: 'Olivia Owner', Email: 'olivia.owner@brightside.example', Title: 'Account Director', IsActive: true });
    const clients = [
      { name: 'Initech', website: 'https://www.initech.example', deal: 'CRM migration', amount: 36000, people: [['Peter', 'Gibbons'], ['Samir', 'Nagheenanajar']] },
      { name: 'Umbrella Logistics', website: 'https://umbrella-logistics.example', deal: 'Fleet dashboard', amount: 54000, people: [['Alice', 'Abernathy'], ['Carlos', 'Oliveira']] },
    ];
    // Carlos ticked "Email Opt Out": winning Umbrella's deal must not send him an invitation.
    const optedOut = new Set(['carlos@umbrella-logistics.example']);
    for (const client of clients) {
      const account = this.create('Account', { Name: client.name, Website: client.website, OwnerId: owner.Id, BillingCity: 'Austin', BillingCountry: 'United States' });
      const contacts = client.people.map(([first, last]) => {
        const email = `${first!.toLowerCase()}@${new URL(client.website).hostname.replace(/^www\./, '')}`;
        return this.create('Contact', { AccountId: account.Id, FirstName: first, LastName: last, Name: `${first} ${last}`, Email: email, Title: null, Phone: null, HasOptedOutOfEmail: optedOut.has(email) });
      });
      const opportunity = this.create('Opportunity', { Name: client.deal, AccountId: account.Id, StageName: 'Negotiation/Review', IsClosed: false, IsWon: false, Amount: client.amount, CloseDate: new Date(this.now() + 10 * 86_400_000).toISOString().slice(0, 10), OwnerId: owner.Id });
      contacts.forEach((contact, i) => this.create('OpportunityContactRole', { OpportunityId: opportunity.Id, ContactId: contact.Id, IsPrimary: i === 0, Role: 'Decision Maker' }));
      // Issue 17: a file shared with the customer, and one kept internal.
      addSalesforceFile(this, { title: `${client.name} master services agreement`, extension: 'pdf', body: renderTextPdf('Master services agreement', [client.name]), linkedEntityId: account.Id, visibility: 'AllUsers' });
      addSalesforceFile(this, { title: `${client.name} margin calculation`, extension: 'pdf', body: renderTextPdf('Margin calculation', ['Internal']), linkedEntityId: opportunity.Id, visibility: 'InternalUsers' });
    }
  }

  /** n accounts, each with two contacts and an opportunity, spread over time (benchmarks). */
  generate(n: number): void {
    const owner = this.create('User', { Name: 'Generated Owner', Email: 'owner@brightside.example', IsActive: true });
    const start = this.now() - n * 1000;
    for (let i = 0; i < n; i++) {
      const at = start + i * 1000;
      const account = this.create('Account', { Name: `Generated Account ${i}`, Website: `https://gen${i}.example`, OwnerId: owner.Id }, at);
      const contacts = [0, 1].map((k) => this.create('Contact', { AccountId: account.Id, FirstName: 'Pat', LastName: `Person${k}`, Name: `Pat Person${k}`, Email: `pat${k}@gen${i}.example` }, at));
      const opportunity = this.create('Opportunity', { Name: `Generated opportunity ${i}`, AccountId: account.Id, StageName: 'Prospecting', IsClosed: false, IsWon: false, Amount: 1000 + i, CloseDate: '2026-12-31', OwnerId: owner.Id }, at);
      this.create('OpportunityContactRole', { OpportunityId: opportunity.Id, ContactId: contacts[0]!.Id, IsPrimary: true, Role: 'Decision Maker' }, at);
    }
  }
}
