/** The Salesforce objects the hub reads, the fields it asks for, and what they become. */
import { PUBLISHED_CASE_COMMENTS } from './case-comments.js';

export type SalesforceObjectType = 'User' | 'Account' | 'Contact' | 'Opportunity' | 'Case';

export const SOBJECT_FIELDS: Record<SalesforceObjectType, string[]> = {
  User: ['Id', 'Name', 'Email', 'Title', 'IsActive', 'SystemModstamp'],
  Account: ['Id', 'Name', 'Website', 'Phone', 'BillingCity', 'BillingCountry', 'OwnerId', 'SystemModstamp'],
  Contact: ['Id', 'AccountId', 'Email', 'FirstName', 'LastName', 'Name', 'Phone', 'Title', 'HasOptedOutOfEmail', 'SystemModstamp'],
  Opportunity: ['Id', 'Name', 'AccountId', 'StageName', 'IsClosed', 'IsWon', 'Amount', 'CloseDate', 'OwnerId', 'SystemModstamp'],
  Case: ['Id', 'CaseNumber', 'Subject', 'Description', 'Status', 'IsClosed', 'Type', 'AccountId', 'ContactId', 'CreatedDate', 'SystemModstamp'],
};

/** The contacts of an opportunity come with it, through the OpportunityContactRoles relationship. */
export const OPPORTUNITY_CONTACT_ROLES = '(SELECT ContactId, IsPrimary, Role FROM OpportunityContactRoles)';

export const MULTI_CURRENCY_METADATA_KEY = 'multiCurrency';

export function isSalesforceObjectType(value: string): value is SalesforceObjectType {
  return value in SOBJECT_FIELDS;
}

/** The SELECT list for an object; CurrencyIsoCode only exists in multi-currency orgs (asking for it elsewhere is INVALID_FIELD). */
export function selectList(type: SalesforceObjectType, multiCurrency: boolean, extraFields: string[] = []): string {
  const fields = [...SOBJECT_FIELDS[type]];
  // Fields a workspace's mapping overrides read (Account_Manager__c, Owner.Email): SOQL paths only, never injected text.
  for (const field of extraFields) {
    if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/.test(field)) throw new Error(`mapping override path "${field}" is not a Salesforce field name`);
    if (!fields.includes(field)) fields.push(field);
  }
  if (type === 'Opportunity') {
    if (multiCurrency) fields.push('CurrencyIsoCode');
    fields.push(OPPORTUNITY_CONTACT_ROLES);
  }
  // A Case brings its public comments (the visible thread), never the private ones.
  if (type === 'Case') fields.push(PUBLISHED_CASE_COMMENTS);
  return fields.join(', ');
}

/** SOQL datetime literal, whole seconds, UTC. */
export function soqlDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** SOQL string literal for an id list: ids are 15/18 alphanumerics, anything else is refused rather than escaped. */
export function soqlIdList(ids: string[]): string {
  for (const id of ids) if (!/^[a-zA-Z0-9]{15,18}$/.test(id)) throw new Error(`Not a Salesforce id: "${id}"`);
  return ids.map((id) => `'${id}'`).join(', ');
}
