import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { sqlValue } from '../../../tests/support/sql.js';
import { reserveRequestSlot } from '../../sync/pace-requests.js';
import { findConnection } from '../../store/connections/find-connection.js';
import { QUICKBOOKS_BUDGETS } from '../../../connectors/quickbooks/call-quickbooks.js';
import { loadRequestBudget } from './load-request-budget.js';

describe('request budget in use, as the console shows it', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', QUICKBOOKS_REALM_ID: '9130350604308576', QUICKBOOKS_ACCESS_TOKEN: 'qbo' });
  });
  afterEach(() => app.dispose());

  it('counts what every process sent in each window against the connector’s declared budgets', async () => {
    const connection = (await findConnection(app.store.db, (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'quickbooks'`))!))!;
    const now = Date.now();
    for (let i = 0; i < 5; i++) await reserveRequestSlot(app.store, 'quickbooks:9130350604308576', QUICKBOOKS_BUDGETS, now - 30_000);
    for (let i = 0; i < 3; i++) await reserveRequestSlot(app.store, 'quickbooks:9130350604308576', QUICKBOOKS_BUDGETS, now - 100);
    // Another company's calls are not this connection's.
    await reserveRequestSlot(app.store, 'quickbooks:other-realm', QUICKBOOKS_BUDGETS, now - 100);
    expect(await loadRequestBudget(app, connection, now)).toEqual([
      { windowMs: 1000, used: 3, limit: 8 },
      { windowMs: 60_000, used: 8, limit: 450 },
    ]);
  });
});
