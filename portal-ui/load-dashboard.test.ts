import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadClientDeal, loadDashboard } from './load-dashboard.js';
import { upsertRecord } from '../src/records/upsert-record.js';
import { createPortalTestApp, seedPortalClient, type PortalTestApp, type SeededClient } from '../tests/support/seed-portal.js';
import { sqlRun } from '../tests/support/sql.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('loadDashboard', () => {
  let test: PortalTestApp;
  let northwind: SeededClient;
  let globex: SeededClient;

  beforeEach(async () => {
    test = await createPortalTestApp();
    northwind = await seedPortalClient(
      test.app,
      {
        name: 'Northwind Traders',
        user: { email: 'nancy@northwind.example', name: 'Nancy' },
        owners: [
          { externalId: '9001', name: 'Alex Owner', email: 'alex@brightside.example', title: 'Account director' },
          { externalId: '9002', name: 'Bea Second', email: null },
        ],
        deals: [
          { name: 'Website rebuild', amountMinor: 4_800_000, currency: 'USD', closeDate: '2024-03-31', ownerExternalId: '9001' },
          { name: 'Retainer', amountMinor: 120_000, currency: 'JPY', closeDate: '2024-06-01', ownerExternalId: '9001' },
          { name: 'Logo refresh', amountMinor: null, currency: null, closeDate: null, ownerExternalId: '9002' },
          { name: 'Open upsell', amountMinor: 1_000_000, currency: 'USD', isWon: false, ownerExternalId: '9001' },
          { name: 'Deleted deal', amountMinor: 100, currency: 'USD', deleted: true },
          { name: 'Nobody owns this', amountMinor: 100, currency: 'USD', closeDate: '2023-01-01', ownerExternalId: 'unknown-owner' },
        ],
      },
      T0,
    );
    globex = await seedPortalClient(test.app, { name: 'Globex', user: { email: 'hank@globex.example', name: 'Hank' }, deals: [{ name: 'Globex secret deal', amountMinor: 1, currency: 'USD' }] }, T0);
  });
  afterEach(() => test.dispose());

  it('lists the client’s won, live deals with their owners, newest first', async () => {
    const dashboard = (await loadDashboard(test.app.store.db, northwind.clientId))!;
    expect(dashboard.clientName).toBe('Northwind Traders');
    expect(dashboard.wonDeals.map((d) => d.name)).toEqual(['Retainer', 'Website rebuild', 'Nobody owns this', 'Logo refresh']);
    expect(dashboard.wonDeals[1]).toMatchObject({
      recordId: northwind.dealIds[0],
      provider: 'hubspot',
      amountMinor: 4_800_000,
      currency: 'USD',
      closeDate: '2024-03-31',
      owner: { name: 'Alex Owner', email: 'alex@brightside.example', title: 'Account director', recordId: northwind.ownerIds['9001'] },
    });
    expect(dashboard.wonDeals[2]!.owner).toBeNull();
    expect(dashboard.accountTeam.map((o) => o.name)).toEqual(['Alex Owner', 'Bea Second']);
  });

  it('says "Signed" with the won date: a close date still ahead is never shown as signed', async () => {
    const client = await seedPortalClient(test.app, { name: 'Early bird', user: { email: 'e@early.example', name: 'E' }, deals: [
      { name: 'Future close', amountMinor: 1, currency: 'USD', closeDate: '2026-12-20' },
      { name: 'Past close', amountMinor: 1, currency: 'USD', closeDate: '2026-11-02' },
    ] }, T0);
    const deals = (await loadDashboard(test.app.store.db, client.clientId, T0))!.wonDeals;
    const wonDate = (name: string) => deals.find((d) => d.name === name)!.wonDate;
    expect(wonDate('Past close')).toBe('2026-11-02');
    // Not the expected close date: the day the hub saw it won, or nothing.
    expect(wonDate('Future close')).not.toBe('2026-12-20');
    expect(wonDate('Future close')).toBeNull();
    const future = deals.find((d) => d.name === 'Future close')!.recordId;
    await sqlRun(test.app, 'INSERT INTO provisionings (workspace_id, deal_record_id, client_id, created_at) VALUES (?, ?, ?, ?)', test.app.workspaceId, future, client.clientId, Date.parse('2026-11-18T09:00:00Z'));
    expect((await loadDashboard(test.app.store.db, client.clientId, T0))!.wonDeals.find((d) => d.recordId === future)!.wonDate).toBe('2026-11-18');
  });

  it('looks owners up only in the deal’s own connection', async () => {
    // A team member with the same external id in another connection is someone else.
    const other = await seedPortalClient(test.app, { name: 'Other CRM client', connectionLabel: 'second-account', user: { email: 'o@other.example', name: 'O' }, owners: [{ externalId: '7777', name: 'Other-account owner', email: 'x@y.example' }] }, T0);
    const stray = await seedPortalClient(test.app, { name: 'Stray', user: { email: 's@stray.example', name: 'S' }, deals: [{ name: 'Owned elsewhere', amountMinor: 1, currency: 'USD', ownerExternalId: '7777' }] }, T0);
    expect(other.connectionId).not.toBe(stray.connectionId);
    expect((await loadDashboard(test.app.store.db, stray.clientId))!.wonDeals[0]!.owner).toBeNull();
  });

  it('ignores a deleted owner', async () => {
    await test.app.store.transaction((tx) => upsertRecord(tx, {
      workspaceId: test.app.workspaceId, connectionId: northwind.connectionId, provider: 'hubspot', objectType: 'owners', externalId: '9002',
      kind: 'team_member', data: { name: 'Bea Second', email: null, title: null }, raw: { gone: true }, sourceUpdatedAt: T0 + 1, deleted: true,
    }, T0 + 1));
    expect((await loadDashboard(test.app.store.db, northwind.clientId))!.accountTeam.map((o) => o.name)).toEqual(['Alex Owner']);
  });

  it('is empty for a client with nothing yet, and absent for an off-boarded or unknown client', async () => {
    const fresh = await seedPortalClient(test.app, { name: 'Fresh', user: { email: 'f@fresh.example', name: 'F' } }, T0);
    expect((await loadDashboard(test.app.store.db, fresh.clientId))).toEqual({ clientId: fresh.clientId, clientName: 'Fresh', wonDeals: [], accountTeam: [] });
    await sqlRun(test.app, `UPDATE clients SET status = 'offboarded' WHERE id = ?`, fresh.clientId);
    expect((await loadDashboard(test.app.store.db, fresh.clientId))).toBeNull();
    expect((await loadDashboard(test.app.store.db, 424242))).toBeNull();
  });

  it('finds a deal only within the given client, and only a won, live one', async () => {
    expect((await loadClientDeal(test.app.store.db, northwind.clientId, northwind.dealIds[0]!))).toMatchObject({ name: 'Website rebuild' });
    expect((await loadClientDeal(test.app.store.db, northwind.clientId, globex.dealIds[0]!))).toBeNull();
    expect((await loadClientDeal(test.app.store.db, globex.clientId, northwind.dealIds[0]!))).toBeNull();
    expect((await loadClientDeal(test.app.store.db, northwind.clientId, northwind.dealIds[3]!))).toBeNull();
    expect((await loadClientDeal(test.app.store.db, northwind.clientId, northwind.dealIds[4]!))).toBeNull();
    expect((await loadClientDeal(test.app.store.db, northwind.clientId, northwind.ownerIds['9001']!))).toBeNull();
  });
});
