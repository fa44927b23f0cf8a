/**
 * Salesforce REST response bodies for nock, shaped like the documented ones
 * (see shared/provider-samples/salesforce): records with `attributes`, query results with
 * totalSize/done/nextRecordsUrl, subquery relationships as nested query results.
 */
export const SF_VERSION = '62.0';
export const SF_ORG_ID = '00D5e000000AbCdEAF';

type Fields = Record<string, unknown>;

export function sfRecord(type: string, id: string, modifiedMs: number, fields: Fields = {}): Fields {
  return { attributes: { type, url: `/services/data/v${SF_VERSION}/sobjects/${type}/${id}` }, Id: id, SystemModstamp: new Date(modifiedMs).toISOString().replace('Z', '+0000'), ...fields };
}

export function sfOpportunity(id: string, modifiedMs: number, fields: Fields = {}, contactIds: string[] = []): Fields {
  return sfRecord('Opportunity', id, modifiedMs, {
    Name: `Opportunity ${id}`,
    AccountId: '0015e00000AcmeAAA',
    StageName: 'Proposal/Price Quote',
    IsClosed: false,
    IsWon: false,
    Amount: 25000,
    CloseDate: '2026-12-15',
    OwnerId: '0055e00000OwnerAAA',
    CurrencyIsoCode: 'EUR',
    OpportunityContactRoles: contactIds.length
      ? { totalSize: contactIds.length, done: true, records: contactIds.map((c, i) => ({ attributes: { type: 'OpportunityContactRole', url: '' }, ContactId: c, IsPrimary: i === 0, Role: 'Decision Maker' })) }
      : null,
    ...fields,
  });
}

export function queryResult(records: Fields[], totalSize: number, nextLocator?: string) {
  return {
    totalSize,
    done: !nextLocator,
    ...(nextLocator ? { nextRecordsUrl: `/services/data/v${SF_VERSION}/query/${nextLocator}` } : {}),
    records,
  };
}

export function describeOpportunity(multiCurrency: boolean) {
  const names = ['Id', 'Name', 'AccountId', 'StageName', 'IsClosed', 'IsWon', 'Amount', 'CloseDate', 'OwnerId', 'SystemModstamp', ...(multiCurrency ? ['CurrencyIsoCode'] : [])];
  return { name: 'Opportunity', label: 'Opportunity', fields: names.map((name) => ({ name, type: 'string' })) };
}

export function outboundMessage(orgId: string, notifications: { id: string; type: string; recordId: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>${orgId}</OrganizationId>
   <ActionId>04k5e000000AbCdAAK</ActionId>
   <SessionId xsi:nil="true"/>
   <EnterpriseUrl>https://sf.test/services/Soap/c/${SF_VERSION}/${orgId}</EnterpriseUrl>
   <PartnerUrl>https://sf.test/services/Soap/u/${SF_VERSION}/${orgId}</PartnerUrl>
${notifications
  .map(
    (n) => `   <Notification>
    <Id>${n.id}</Id>
    <sObject xsi:type="sf:${n.type}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>${n.recordId}</sf:Id>
    </sObject>
   </Notification>`,
  )
  .join('\n')}
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`;
}
