import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_ENGINES, type TestStore } from '../../tests/support/store-engines.js';
import type { AppContext } from '../app/app-context.js';
import { createKeyring } from '../crypto/secret-box.js';
import { hashSessionId, SESSION_IDLE_TIMEOUT_MS } from '../auth/create-session.js';
import { addStaffUser } from './add-staff-user.js';
import { requestStaffSignIn } from './request-staff-sign-in.js';
import { signInStaff } from './sign-in-staff.js';
import { createStaffSession, endStaffSession, readStaffSession } from './staff-sessions.js';
import { consumeStaffSignInToken, createStaffSignInToken, readStaffLinkBinding } from './staff-sign-in-links.js';
import { upsertStaffUser } from './staff-users.js';

const keyring = createKeyring('s'.repeat(48));
const T0 = Date.parse('2026-11-20T10:00:00Z');

/** Staff sign-in on both engines: links, sessions, request limits and the outbox, through the store only. */
describe.each(STORE_ENGINES)('staff sign-in on %s', (engine) => {
  let t: TestStore;
  let app: AppContext;
  beforeAll(async () => {
    t = await openTestStore(engine);
    const ws = (await t.store.db.insertInto('workspaces').values({ slug: 'main', name: 'Main', created_at: 0 }).returning('id').executeTakeFirstOrThrow()).id;
    app = { store: t.store, keyring, workspaceId: ws, config: { publicUrl: 'https://hub.example', businessName: 'Brightside' } } as unknown as AppContext;
  });
  afterAll(async () => {
    await t?.cleanup();
  });
  const audit = async (action: string) => (await t.store.db.selectFrom('audit_log').select('action').where('action', '=', action).execute()).length;

  it('prints a link for `staff add` that signs in once, ends the previous session, and retires the other links', async () => {
    const { user, link } = await addStaffUser(app, { email: 'Boss@Example.com', role: 'owner' }, T0);
    expect(user).toMatchObject({ email: 'boss@example.com', name: 'boss', role: 'owner', status: 'active' });
    const token = link.split('/').pop()!;
    expect(link).toBe(`https://hub.example/staff/auth/link/${token}`);
    expect(await readStaffLinkBinding(t.store.db, keyring.signingKey, token, T0)).toEqual({ browserHash: null, email: 'boss@example.com', staffUserId: user.id });
    const other = await createStaffSignInToken(t.store.db, keyring.signingKey, user.id, T0);
    const previous = await createStaffSession(t.store.db, keyring.signingKey, { staffUserId: user.id }, T0);

    const clicks = await Promise.all(Array.from({ length: 3 }, () => signInStaff(app, { token, previousSessionId: previous.sessionId, ip: '203.0.113.5', userAgent: 'UA' }, T0 + 1000)));
    const won = clicks.filter((c) => c.ok);
    expect(won).toHaveLength(1);
    expect(clicks.filter((c) => !c.ok).map((c) => !c.ok && c.reason)).toEqual(['used', 'used']);
    expect(await readStaffSession(t.store.db, keyring.signingKey, previous.sessionId, T0 + 2000)).toBeNull();
    const session = won[0]!.ok ? won[0]!.session : null;
    expect(await readStaffSession(t.store.db, keyring.signingKey, session!.sessionId, T0 + 2000)).toMatchObject({ staffUserId: user.id, email: 'boss@example.com', role: 'owner', csrfToken: session!.csrfToken });
    expect((await t.store.db.selectFrom('staff_users').select('last_sign_in_at').where('id', '=', user.id).executeTakeFirstOrThrow()).last_sign_in_at).toBe(T0 + 1000);
    expect(await t.store.transaction((tx) => consumeStaffSignInToken(tx, keyring.signingKey, other, T0 + 3000))).toEqual({ ok: false, reason: 'revoked', staffUserId: user.id });
    expect(await t.store.transaction((tx) => consumeStaffSignInToken(tx, keyring.signingKey, 'x', T0))).toEqual({ ok: false, reason: 'malformed', staffUserId: null });
    expect(await audit('staff.added')).toBe(1);
    expect(await audit('staff.sign_in')).toBe(1);
    expect(await audit('staff.sign_in_failed')).toBe(2);
  });

  it('ends a session that went idle, whose member was disabled, or that was signed out', async () => {
    const member = await upsertStaffUser(t.store.db, { workspaceId: app.workspaceId, email: 'op@example.com', role: 'operator' }, T0);
    const idle = await createStaffSession(t.store.db, keyring.signingKey, { staffUserId: member.id }, T0);
    expect(await readStaffSession(t.store.db, keyring.signingKey, idle.sessionId, T0 + SESSION_IDLE_TIMEOUT_MS)).toBeNull();
    const ended = await t.store.db.selectFrom('staff_sessions').select('ended_at').where('id_hash', '=', hashSessionId(keyring.signingKey, idle.sessionId)).executeTakeFirstOrThrow();
    expect(ended.ended_at).toBe(T0 + SESSION_IDLE_TIMEOUT_MS);

    const live = await createStaffSession(t.store.db, keyring.signingKey, { staffUserId: member.id }, T0);
    expect(await readStaffSession(t.store.db, keyring.signingKey, live.sessionId, T0 + 1000)).not.toBeNull();
    await t.store.db.updateTable('staff_users').set({ status: 'disabled' }).where('id', '=', member.id).execute();
    expect(await readStaffSession(t.store.db, keyring.signingKey, live.sessionId, T0 + 2000)).toBeNull();
    await t.store.db.updateTable('staff_users').set({ status: 'active' }).where('id', '=', member.id).execute();
    expect(await readStaffSession(t.store.db, keyring.signingKey, live.sessionId, T0 + 3000)).toBeNull();

    const out = await createStaffSession(t.store.db, keyring.signingKey, { staffUserId: member.id }, T0);
    expect(await endStaffSession(t.store.db, out.idHash, T0 + 10)).toBe(true);
    expect(await readStaffSession(t.store.db, keyring.signingKey, out.sessionId, T0 + 20)).toBeNull();
    expect(await readStaffSession(t.store.db, keyring.signingKey, 'not-a-session', T0)).toBeNull();
  });

  it('mails a bound link to active staff only, three per address, and says the same to anyone else', async () => {
    const member = await upsertStaffUser(t.store.db, { workspaceId: app.workspaceId, email: 'kim@example.com', name: 'Kim', role: 'viewer' }, T0);
    const ask = (email: string, ip = '198.51.100.7') => requestStaffSignIn(app, { email, ip, browserHash: 'browser-1' }, T0);
    expect(await ask('not an email')).toEqual({ outcome: 'invalid' });
    expect(await ask('nobody@example.com')).toEqual({ outcome: 'ignored' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask('KIM@example.com')));
    expect(answers.filter((a) => a.outcome === 'queued')).toHaveLength(3);
    expect(answers.filter((a) => a.outcome === 'throttled')).toHaveLength(2);
    const mail = await t.store.db.selectFrom('outbox_messages').select(['kind', 'to_address', 'text_body']).where('kind', '=', 'staff_sign_in').execute();
    expect(mail.map((m) => m.to_address)).toEqual(['kim@example.com', 'kim@example.com', 'kim@example.com']);
    const token = /staff\/auth\/link\/([A-Za-z0-9_-]+)/.exec(mail[0]!.text_body)![1]!;
    expect(await readStaffLinkBinding(t.store.db, keyring.signingKey, token, T0)).toEqual({ browserHash: 'browser-1', email: 'kim@example.com', staffUserId: member.id });
    expect(await audit('staff.sign_in_link_sent')).toBe(3);
    expect(await audit('staff.sign_in_link_throttled')).toBe(2);
    expect(await audit('staff.locked_out')).toBe(1);
    expect(await audit('staff.sign_in_link_refused')).toBe(1);
  });
});
