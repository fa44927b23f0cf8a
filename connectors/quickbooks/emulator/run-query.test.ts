import { describe, expect, it } from 'vitest';
import { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { parseQuery, QueryError, runQuery } from './run-query.js';

const T0 = Date.parse('2026-11-01T18:00:00Z');

function store() {
  const s = new QuickBooksEmulatorStore({ now: () => T0 });
  const a = s.createCustomer({ displayName: "O'Brien & Sons" }, T0 - 5000);
  const b = s.createCustomer({ displayName: 'Zeta Ltd' }, T0 - 4000);
  for (let i = 0; i < 5; i++) s.createInvoice({ customerId: i % 2 ? b.Id : a.Id, lines: [{ description: `Line ${i}`, unitPrice: 100 * (i + 1) }] }, T0 + i * 60_000);
  return { s, a, b };
}

describe('QuickBooks query language (emulator subset)', () => {
  it('parses what node-quickbooks sends, case-insensitively', () => {
    expect(parseQuery("select * from invoice where Metadata.LastUpdatedTime >= '2026-11-01T10:00:00Z' orderby Metadata.LastUpdatedTime asc startposition 1001 maxresults 1000")).toEqual({
      entity: 'Invoice',
      count: false,
      fields: null,
      where: [{ field: 'Metadata.LastUpdatedTime', operator: '>=', value: '2026-11-01T10:00:00Z' }],
      orderBy: [{ field: 'Metadata.LastUpdatedTime', desc: false }],
      startPosition: 1001,
      maxResults: 1000,
    });
    expect(parseQuery('SELECT COUNT(*) FROM Customer').count).toBe(true);
    expect(parseQuery("select * from payment where Id IN ('77', '78')").where).toEqual([{ field: 'Id', operator: 'IN', value: ['77', '78'] }]);
    expect(parseQuery('select * from invoice maxresults 5000').maxResults).toBe(1000);
    expect(() => parseQuery("select * from invoice where Id = '1' or Id = '2'")).toThrow(QueryError);
    expect(() => parseQuery('select * from bill')).toThrow(/not supported/);
    expect(() => parseQuery("select * from invoice where DocNumber = 'open")).toThrow(QueryError);
  });

  it('filters on LastUpdatedTime with > and >= across offsets, orders and pages 1-based', () => {
    const { s } = store();
    const rows = (q: string) => {
      const { answer } = runQuery(s, q);
      if (!('rows' in answer)) throw new Error('expected rows');
      return answer.rows.map((row) => (row.Line as { Description?: string }[])[0]!.Description);
    };
    // T0 + 2 min is 10:02 in Los Angeles (-08:00); the same instant written in UTC or with its offset.
    expect(rows("select * from Invoice where MetaData.LastUpdatedTime >= '2026-11-01T18:02:00Z' orderby Metadata.LastUpdatedTime")).toEqual(['Line 2', 'Line 3', 'Line 4']);
    expect(rows("select * from Invoice where Metadata.LastUpdatedTime > '2026-11-01T10:02:00-08:00' orderby Metadata.LastUpdatedTime")).toEqual(['Line 3', 'Line 4']);
    expect(rows('select * from Invoice orderby Metadata.LastUpdatedTime desc startposition 2 maxresults 2')).toEqual(['Line 3', 'Line 2']);
    expect(rows('select * from Invoice startposition 6 maxresults 2')).toEqual([]);
  });

  it('counts, matches refs by value, LIKE, quoted names, and lists only active customers by default', () => {
    const { s, a, b } = store();
    expect(runQuery(s, 'select count(*) from invoice').answer).toEqual({ totalCount: 5 });
    expect(runQuery(s, `select count(*) from invoice where CustomerRef = '${b.Id}'`).answer).toEqual({ totalCount: 2 });
    expect(runQuery(s, "select count(*) from customer where DisplayName = 'O\\'Brien & Sons'").answer).toEqual({ totalCount: 1 });
    expect(runQuery(s, "select count(*) from customer where DisplayName like 'zeta%'").answer).toEqual({ totalCount: 1 });
    s.deleteCustomer(a.Id);
    expect(runQuery(s, 'select count(*) from customer').answer).toEqual({ totalCount: 1 });
    expect(runQuery(s, 'select count(*) from customer where Active IN (true, false)').answer).toEqual({ totalCount: 2 });
    const { answer } = runQuery(s, `select DisplayName from customer where Id = '${b.Id}'`);
    expect(answer).toEqual({ startPosition: 1, rows: [{ domain: 'QBO', sparse: true, Id: b.Id, SyncToken: expect.any(String), MetaData: expect.any(Object), DisplayName: 'Zeta Ltd' }] });
  });
});
