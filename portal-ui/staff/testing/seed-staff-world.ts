/**
 * A console to test against: two clients with won deals and portal users, an unlinked won deal
 * waiting in the review queue with Northwind suggested, a dead letter whose payload maps now (as
 * after a mapping fix), and one staff member of each role, signed in.
 */
import type { AppContext } from '../../../src/app/app-context.js';
import { upsertRecord } from '../../../src/records/upsert-record.js';
import { recordDeadLetter } from '../../../src/sync/dead-letters.js';
import { openLinkReview } from '../../../src/identity/write-link-review.js';
import { createSession } from '../../../src/auth/create-session.js';
import { upsertStaffUser } from '../../../src/store/staff/upsert-staff-user.js';
import { createStaffSession } from '../../../src/staff/staff-sessions.js';
import { seedPortalClient, type SeededClient } from '../../../tests/support/seed-portal.js';
import type { StaffRole } from '../../../src/staff/staff-permissions.js';
import type { Deal } from '../../../src/model/unified-model.js';

export interface StaffWorld {
  northwind: SeededClient;
  globex: SeededClient;
  /** The won deal waiting for review (Northwind suggested by name). */
  pendingDeal: { recordId: number; reviewId: number };
  deadLetterId: number;
  staff: Record<StaffRole, { id: number; sessionId: string; csrfToken: string }>;
  /** A signed-in portal user of Northwind (a client session). */
  portalSession: { sessionId: string; csrfToken: string };
}

export async function seedStaffWorld(app: AppContext, now: number): Promise<StaffWorld> {
  const owners = [{ externalId: '9001', name: 'Alex Owner', email: 'alex@brightside.example' }];
  const northwind = await seedPortalClient(app, { name: 'Northwind Traders', user: { email: 'nancy@northwind.example', name: 'Nancy Davolio', status: 'active' }, owners, deals: [{ name: 'Website rebuild', amountMinor: 4_800_000, currency: 'USD', closeDate: '2026-03-31', ownerExternalId: '9001' }] }, now);
  const globex = await seedPortalClient(app, { name: 'Globex Consulting', user: { email: 'hank@globex.example', name: 'Hank Scorpio' }, owners, deals: [{ name: 'Brand strategy', amountMinor: 1_250_000, currency: 'USD', closeDate: '2026-04-01' }] }, now);
  const deal: Deal = {
    name: 'Mobile app', amountMinor: 2_000_000, currency: 'USD', pipelineId: 'default', stageId: 'closedwon', stageLabel: 'Closed won',
    isClosed: true, isWon: true, closeDate: '2026-05-01', ownerExternalId: '9001', companyExternalIds: [], contactExternalIds: [],
  };
  return app.store.transaction(async (tx) => {
    const { recordId } = await upsertRecord(tx, { workspaceId: app.workspaceId, connectionId: northwind.connectionId, provider: 'hubspot', objectType: 'deals', externalId: 'D-77', kind: 'deal', data: deal, raw: { id: 'D-77', ...deal }, sourceUpdatedAt: now, deleted: false }, now);
    await openLinkReview(tx, app.workspaceId, recordId, 'suggestion', [{ clientId: northwind.clientId, method: 'name', confidence: 0.6, detail: 'company name "Northwind Traders"' }], now);
    const deadLetterId = await recordDeadLetter(tx, {
      workspaceId: app.workspaceId, connectionId: northwind.connectionId, provider: 'hubspot', objectType: 'companies', externalId: 'C-501', stage: 'mapping',
      reason: 'companies C-501: name: expected string, received number',
      payload: { objectType: 'companies', externalId: 'C-501', updatedAt: now, deleted: false, raw: { id: 'C-501', properties: { name: 'Initech', domain: 'initech.example' }, createdAt: new Date(now).toISOString(), updatedAt: new Date(now).toISOString(), archived: false } },
      sourceUpdatedAt: now,
    }, now);
    const { id: reviewId } = await tx.selectFrom('link_reviews').select('id').where('record_id', '=', recordId).where('status', '=', 'open').executeTakeFirstOrThrow();
    const staff = {} as StaffWorld['staff'];
    for (const role of ['owner', 'operator', 'viewer'] as const) {
      const user = await upsertStaffUser(tx, { workspaceId: app.workspaceId, email: `${role}@brightside.example`, name: `${role[0]!.toUpperCase()}${role.slice(1)} Person`, role, createdAt: now });
      const session = await createStaffSession(tx, app.keyring.signingKey, { staffUserId: user.id }, now);
      staff[role] = { id: user.id, sessionId: session.sessionId, csrfToken: session.csrfToken };
    }
    const portal = await createSession(tx, app.keyring.signingKey, { userId: northwind.userId }, now);
    return { northwind, globex, pendingDeal: { recordId, reviewId }, deadLetterId, staff, portalSession: { sessionId: portal.sessionId, csrfToken: portal.csrfToken } };
  });
}
