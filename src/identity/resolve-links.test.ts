import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { resolveLinks } from './resolve-links.js';
import { seedIdentityWorld, WORLD_RECORDS, type World } from './testing/identity-world.js';
import { listLinkReviews } from './list-link-reviews.js';
import { linkRecordManually } from './link-record-manually.js';
import { releaseRecordLink } from './release-record-link.js';
import { mergeClients } from './merge-clients.js';
import { resolveLinkReview } from './resolve-link-review.js';
import { upsertRecord } from '../records/upsert-record.js';
import { sqlAll, sqlGet, sqlValue } from '../../tests/support/sql.js';

const staff = { type: 'staff' as const, id: 'ops@brightside.test' };

describe('identity resolution on a fixture world of six providers', () => {
  let app: TestApp;
  let world: World;
  beforeEach(async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '' });
    world = await seedIdentityWorld(app.store, app.workspaceId);
  });
  afterEach(() => app.dispose());

  const ownerOf = async (key: string) => world.clientKeyOf((await sqlGet<{ client_id: number | null }>(app, 'SELECT client_id FROM records WHERE id = ?', world.records[key]))!.client_id);
  const ownersOf = (...keys: string[]) => Promise.all(keys.map(ownerOf));
  const rules = () => app.config.identity;
  const resolveAll = () => app.store.transaction((tx) => resolveLinks(tx, app.workspaceId, rules()));

  it('links every record to its one client, queues the doubtful ones, and shows nothing to the wrong client', async () => {
    await resolveAll();
    const wrong: string[] = [];
    let correct = 0;
    for (const record of WORLD_RECORDS) {
      const owner = await ownerOf(record.key);
      const expected = record.expected === 'review' ? null : record.expected;
      if (owner === expected) correct++;
      else wrong.push(`${record.key}: expected ${expected}, got ${owner}`);
    }
    expect(wrong).toEqual([]);
    expect(correct).toBe(WORLD_RECORDS.length);

    const reviews = await listLinkReviews(app.store.db, app.workspaceId);
    const queued = Object.fromEntries(reviews.map((r) => [r.externalId, { reason: r.reason, clients: [...new Set(r.candidates.map((c) => world.clientKeyOf(c.clientId)))].sort() }]));
    expect(queued).toEqual({
      'x-gmail': { reason: 'suggestion', clients: ['globex'] },
      '22': { reason: 'suggestion', clients: ['initech-east', 'initech-west'] },
      cus_conflict: { reason: 'conflict', clients: ['acme', 'globex'] },
      cus_soylent: { reason: 'suggestion', clients: ['soylent'] },
    });

    const how = async (key: string) => (await sqlGet<{ method: string; detail: string }>(app, 'SELECT method, detail FROM record_links WHERE record_id = ?', world.records[key]))!;
    expect((await how('st-globex')).method).toBe('explicit_id');
    expect((await how('as-acme')).method).toBe('explicit_id');
    expect((await how('st-stale')).method).toBe('email');
    expect((await how('xero-bob')).method).toBe('email');
    expect(await how('xero-acme')).toMatchObject({ method: 'domain', detail: expect.stringContaining('acme.com') });
    expect((await how('xero-pay')).method).toBe('association');
    expect((await how('hs-acme')).method).toBe('provisioning');
    // Rule decisions are audited; a second run changes nothing and writes nothing.
    const audits = (await sqlValue(app, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.link_decided'`))!;
    expect(audits).toBeGreaterThan(5);
    expect(await resolveAll()).toMatchObject({ linked: 0, unlinked: 0, reviewed: 0 });
    expect(await sqlValue(app, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.link_decided'`)).toBe(audits);
  });

  it('keeps manual decisions through later syncs, and releases them back to the rules on request', async () => {
    await resolveAll();
    const conflict = (await listLinkReviews(app.store.db, app.workspaceId)).find((r) => r.externalId === 'cus_conflict')!;
    await resolveLinkReview(app.store, { workspaceId: app.workspaceId, reviewId: conflict.id, answer: { action: 'link', clientId: world.clients.globex! }, actor: staff, rules: rules() });
    expect(await ownerOf('st-conflict')).toBe('globex');
    expect(await ownerOf('st-inv-conflict')).toBe('globex');

    // Staff say the Xero contact Acme's domain matched is not Acme's at all.
    await linkRecordManually(app.store, { workspaceId: app.workspaceId, recordId: world.records['xero-acme']!, clientId: null, actor: staff, rules: rules() });
    expect(await ownersOf('xero-acme', 'xero-inv-1', 'xero-pay')).toEqual([null, null, null]);

    // A later sync brings new versions of both records; the rules would say otherwise, staff's word stands.
    const conn = (p: string) => world.connections[p]!;
    const [a, b] = await app.store.transaction(async (tx) => {
      const a = await upsertRecord(tx, { workspaceId: app.workspaceId, connectionId: conn('stripe'), provider: 'stripe', objectType: 'Customer', externalId: 'cus_conflict', kind: 'company', data: WORLD_RECORDS.find((r) => r.key === 'st-conflict')!.data, raw: { id: 'cus_conflict', metadata: { crm_company_id: '101' }, v: 2 }, sourceUpdatedAt: Date.now() + 1000, deleted: false });
      const b = await upsertRecord(tx, { workspaceId: app.workspaceId, connectionId: conn('xero'), provider: 'xero', objectType: 'Contact', externalId: 'x-acme', kind: 'company', data: WORLD_RECORDS.find((r) => r.key === 'xero-acme')!.data, raw: { contactID: 'x-acme', v: 2 }, sourceUpdatedAt: Date.now() + 1000, deleted: false });
      return [a, b] as const;
    });
    await app.store.transaction((tx) => resolveLinks(tx, app.workspaceId, rules(), [a.recordId, b.recordId]));
    expect(await ownerOf('st-conflict')).toBe('globex');
    expect(await ownerOf('xero-acme')).toBe(null);

    expect(await releaseRecordLink(app.store, { workspaceId: app.workspaceId, recordId: world.records['xero-acme']!, actor: staff, rules: rules() })).toBe(world.clients.acme);
    expect(await ownersOf('xero-inv-1', 'xero-pay')).toEqual(['acme', 'acme']);
    const actions = (await sqlAll<{ action: string }>(app, `SELECT action FROM audit_log WHERE actor_type = 'staff' ORDER BY id`)).map((r) => r.action);
    expect(actions).toEqual(['record.linked_manually', 'record.unlinked_manually', 'record.link_released']);
  });

  it('merging the two Initech clients makes their shared domain decisive', async () => {
    await resolveAll();
    expect(await ownerOf('qb-initech')).toBe(null);
    await mergeClients(app.store, { workspaceId: app.workspaceId, fromClientId: world.clients['initech-west']!, intoClientId: world.clients['initech-east']!, actor: staff, rules: rules() });
    expect(await ownersOf('hs-initech-w', 'qb-initech', 'qb-inv-initech')).toEqual(['initech-east', 'initech-east', 'initech-east']);
    expect((await listLinkReviews(app.store.db, app.workspaceId)).map((r) => r.externalId)).not.toContain('22');
    await expect(linkRecordManually(app.store, { workspaceId: app.workspaceId, recordId: world.records['qb-nobody']!, clientId: world.clients['initech-west']!, actor: staff, rules: rules() })).rejects.toThrow(/merged into client/);
  });

  it('a dismissed suggestion stays dismissed until the evidence names other clients', async () => {
    await resolveAll();
    const suggestion = (await listLinkReviews(app.store.db, app.workspaceId)).find((r) => r.externalId === 'cus_soylent')!;
    await resolveLinkReview(app.store, { workspaceId: app.workspaceId, reviewId: suggestion.id, answer: { action: 'dismiss' }, actor: staff, rules: rules() });
    await resolveAll();
    expect((await listLinkReviews(app.store.db, app.workspaceId)).map((r) => r.externalId)).not.toContain('cus_soylent');
    expect(await ownerOf('st-soylent-name')).toBe(null);
  });

  it('holds "one record, at most one client, never a merged one" under random staff decisions', async () => {
    await resolveAll();
    let seed = 20261123;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const recordIds = Object.values(world.records);
    for (let step = 0; step < 300; step++) {
      const clientIds = (await sqlAll<{ id: number }>(app, `SELECT id FROM clients WHERE merged_into_client_id IS NULL ORDER BY id`)).map((c) => c.id);
      const recordId = recordIds[random(recordIds.length)]!;
      try {
        switch (random(5)) {
          case 0:
            await linkRecordManually(app.store, { workspaceId: app.workspaceId, recordId, clientId: clientIds[random(clientIds.length)]!, actor: staff, rules: rules() });
            break;
          case 1:
            await linkRecordManually(app.store, { workspaceId: app.workspaceId, recordId, clientId: null, actor: staff, rules: rules() });
            break;
          case 2:
            await releaseRecordLink(app.store, { workspaceId: app.workspaceId, recordId, actor: staff, rules: rules() });
            break;
          case 3:
            if (clientIds.length > 2 && random(10) === 0) await mergeClients(app.store, { workspaceId: app.workspaceId, fromClientId: clientIds[random(clientIds.length)]!, intoClientId: clientIds[random(clientIds.length)]!, actor: staff, rules: rules() });
            break;
          default:
            await resolveAll();
        }
      } catch (error) {
        // Refusals (release without a manual decision, merging a client into itself) change nothing.
        expect(String(error)).toMatch(/no manual decision|into itself|already merged/);
      }
      const broken = await sqlAll(
        app,
        `SELECT r.id FROM records r LEFT JOIN record_links l ON l.record_id = r.id LEFT JOIN clients c ON c.id = r.client_id
          WHERE (l.record_id IS NOT NULL AND l.client_id IS DISTINCT FROM r.client_id) OR (r.client_id IS NOT NULL AND c.merged_into_client_id IS NOT NULL)`,
      );
      expect(broken).toEqual([]);
      // A manual decision is never changed by anything but staff.
      const manual = await sqlValue(app, `SELECT COUNT(*) AS n FROM record_links l JOIN records r ON r.id = l.record_id WHERE l.manual = 1 AND l.client_id IS DISTINCT FROM r.client_id`);
      expect(manual).toBe(0);
    }
  });
});
