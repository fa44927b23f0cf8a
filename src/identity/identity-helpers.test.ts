import { describe, expect, it } from 'vitest';
import { normalizeCompanyName } from './normalize-company-name.js';
import { readFieldPath } from './read-field-path.js';
import { domainOfEmail, domainOfWebsite } from './email-domain.js';

describe('identity helpers', () => {
  it('folds legal forms, accents, case and punctuation out of company names', () => {
    expect(normalizeCompanyName('ACME, Inc.')).toBe('acme');
    expect(normalizeCompanyName('Acme Ltd')).toBe('acme');
    expect(normalizeCompanyName('The Société Générale S.A.')).toBe('societe generale');
    expect(normalizeCompanyName('Smith & Sons LLC')).toBe('smith and sons');
    expect(normalizeCompanyName('Müller GmbH & Co. KG')).toBe('muller gmbh and');
    expect(normalizeCompanyName('Co')).toBe('co');
  });

  it('reads config paths through objects and lists picked by a field', () => {
    const raw = { metadata: { crm_company_id: ' 42 ' }, CustomField: [{ Name: 'CRM Company Id', StringValue: '101' }], custom_fields: [{ name: 'crm company id', display_value: null }] };
    expect(readFieldPath(raw, 'metadata.crm_company_id')).toBe('42');
    expect(readFieldPath(raw, 'CustomField[Name=CRM Company Id].StringValue')).toBe('101');
    expect(readFieldPath(raw, 'custom_fields[name=CRM Company Id].display_value')).toBeNull();
    expect(readFieldPath(raw, 'metadata')).toBeNull();
    expect(readFieldPath(null, 'a.b')).toBeNull();
  });

  it('finds domains in addresses and websites', () => {
    expect(domainOfEmail('Jane@Acme.COM')).toBe('acme.com');
    expect(domainOfEmail('not an email')).toBeNull();
    expect(domainOfWebsite('https://www.Umbrella.io/about')).toBe('umbrella.io');
    expect(domainOfWebsite('umbrella.io')).toBe('umbrella.io');
    expect(domainOfWebsite('localhost')).toBeNull();
  });
});
