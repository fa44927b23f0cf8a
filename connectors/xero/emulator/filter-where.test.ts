import { describe, expect, it } from 'vitest';
import { matchesWhere, parseWhere, sortByOrder, WhereError } from './filter-where.js';

const invoices = [
  { InvoiceID: 'AAA-1', Type: 'ACCREC', Status: 'AUTHORISED', AmountDue: 10, Date: '/Date(1762128000000+0000)/', Contact: { ContactID: 'c-1', Name: 'Northwind Traders' }, UpdatedDateUTC: '/Date(3000+0000)/' },
  { InvoiceID: 'bbb-2', Type: 'ACCPAY', Status: 'PAID', AmountDue: 0, Date: '/Date(1761523200000+0000)/', Contact: { ContactID: 'c-2', Name: 'CloudHost Ltd' }, UpdatedDateUTC: '/Date(1000+0000)/' },
  { InvoiceID: 'ccc-3', Type: 'ACCREC', Status: 'VOIDED', AmountDue: 0, Date: '/Date(1762214400000+0000)/', Contact: { ContactID: 'c-1', Name: 'Northwind Traders' }, UpdatedDateUTC: '/Date(2000+0000)/' },
];
const ids = (where: string) => invoices.filter((invoice) => matchesWhere(invoice, parseWhere(where))).map((invoice) => invoice.InvoiceID);

describe('Xero where/order expressions', () => {
  it('compares strings and Guids ignoring case, numbers, dates, null; AND binds tighter than OR', () => {
    expect(ids('Type=="ACCREC"')).toEqual(['AAA-1', 'ccc-3']);
    expect(ids('InvoiceID==Guid("aaa-1") OR InvoiceID==Guid("BBB-2")')).toEqual(['AAA-1', 'bbb-2']);
    expect(ids('Type=="ACCREC" AND Status!="VOIDED" || AmountDue==0 && Type=="ACCPAY"')).toEqual(['AAA-1', 'bbb-2']);
    expect(ids('Date>=DateTime(2025, 11, 03)')).toEqual(['AAA-1', 'ccc-3']);
    expect(ids('(AmountDue>5 OR Status=="PAID") AND Contact.Name.Contains("north")')).toEqual(['AAA-1']);
    expect(ids('Contact.ContactID==Guid("C-1") AND Reference==null')).toEqual(['AAA-1', 'ccc-3']);
    expect(() => parseWhere('Type = "ACCREC"')).toThrow(WhereError);
    expect(() => parseWhere('Type=="ACCREC" AND')).toThrow(WhereError);
  });

  it('orders by MS-JSON dates as instants, several keys, either direction', () => {
    expect(sortByOrder(invoices, 'UpdatedDateUTC ASC').map((i) => i.InvoiceID)).toEqual(['bbb-2', 'ccc-3', 'AAA-1']);
    expect(sortByOrder(invoices, 'Type DESC, Date').map((i) => i.InvoiceID)).toEqual(['AAA-1', 'ccc-3', 'bbb-2']);
    expect(() => sortByOrder(invoices, 'Date SIDEWAYS')).toThrow(WhereError);
  });
});
