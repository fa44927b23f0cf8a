import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession, hashSessionId, SESSION_ABSOLUTE_TIMEOUT_MS, SESSION_IDLE_TIMEOUT_MS } from './create-session.js';
import { LAST_SEEN_WRITE_INTERVAL_MS, readSession } from './read-session.js';
import { endSession, endUserSessions } from './end-session.js';
import { createPortalTestApp, seedPortalClient, type PortalTestApp, type SeededClient } from '../../tests/support/seed-portal.js';
import { sqlAll, sqlGet, sqlRun } from '../../tests/support/sql.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const MINUTE = 60_000;

describe('portal sessions', () => {
  let test: PortalTestApp;
  let seeded: SeededClient;
  const key = () => test.app.keyring.signingKey;
  const start = (now = T0) => createSession(test.app.store.db, key(), { userId: seeded.userId, userAgent: 'vitest', ip: '127.0.0.1' }, now);
  const read = (id: string, now: number) => readSession(test.app.store.db, key(), id, now);
  const row = async (idHash: string) =>
    (await sqlGet(test.app, 'SELECT last_seen_at AS "lastSeenAt", ended_at AS "endedAt", expires_at AS "expiresAt" FROM sessions WHERE id_hash = ?', idHash)) as {
      lastSeenAt: number;
      endedAt: number | null;
      expiresAt: number;
    };

  beforeEach(async () => {
    test = await createPortalTestApp();
    seeded = await seedPortalClient(test.app, { name: 'Northwind Traders', user: { email: 'nancy@northwind.example', name: 'Nancy Davolio', status: 'active' } }, T0);
  });
  afterEach(() => test.dispose());

  it('uses the documented timeouts', async () => {
    expect(SESSION_IDLE_TIMEOUT_MS).toBe(30 * MINUTE);
    expect(SESSION_ABSOLUTE_TIMEOUT_MS).toBe(12 * 60 * MINUTE);
  });

  it('creates a 256-bit id, stores only its keyed hash, and a CSRF token of its own', async () => {
    const session = await start();
    expect(Buffer.from(session.sessionId, 'base64url')).toHaveLength(32);
    expect(session.idHash).toBe(hashSessionId(key(), session.sessionId));
    const stored = await sqlAll(test.app, 'SELECT * FROM sessions') as Record<string, unknown>[];
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(session.sessionId);
    expect(stored[0]).toMatchObject({ id_hash: session.idHash, csrf_token: session.csrfToken, expires_at: T0 + SESSION_ABSOLUTE_TIMEOUT_MS });
    expect(session.csrfToken).not.toBe(session.sessionId);
    expect((await start()).sessionId).not.toBe(session.sessionId);
  });

  it('reads a live session with its user and client, and refreshes last_seen_at', async () => {
    const session = await start();
    expect(await read(session.sessionId, T0 + 5 * MINUTE)).toMatchObject({
      idHash: session.idHash,
      userId: seeded.userId,
      clientId: seeded.clientId,
      workspaceId: test.app.workspaceId,
      csrfToken: session.csrfToken,
      name: 'Nancy Davolio',
      email: 'nancy@northwind.example',
    });
    expect((await row(session.idHash)).lastSeenAt).toBe(T0 + 5 * MINUTE);
  });

  it('writes last_seen_at at most once a minute per session', async () => {
    const session = await start();
    expect(await read(session.sessionId, T0 + 10 * MINUTE)).not.toBeNull();
    expect(await read(session.sessionId, T0 + 10 * MINUTE + LAST_SEEN_WRITE_INTERVAL_MS - 1)).not.toBeNull();
    expect((await row(session.idHash)).lastSeenAt).toBe(T0 + 10 * MINUTE);
    expect(await read(session.sessionId, T0 + 10 * MINUTE + LAST_SEEN_WRITE_INTERVAL_MS)).not.toBeNull();
    expect((await row(session.idHash)).lastSeenAt).toBe(T0 + 10 * MINUTE + LAST_SEEN_WRITE_INTERVAL_MS);
  });

  it('ends a session idle for 30 minutes, but not one in use', async () => {
    const session = await start();
    expect(await read(session.sessionId, T0 + 29 * MINUTE)).not.toBeNull();
    expect(await read(session.sessionId, T0 + 58 * MINUTE)).not.toBeNull();
    expect(await read(session.sessionId, T0 + 58 * MINUTE + SESSION_IDLE_TIMEOUT_MS)).toBeNull();
    expect((await row(session.idHash)).endedAt).toBe(T0 + 58 * MINUTE + SESSION_IDLE_TIMEOUT_MS);
    // Ended stays ended, even if the clock were turned back.
    expect(await read(session.sessionId, T0 + 60 * MINUTE)).toBeNull();
  });

  it('ends a session 12 hours after it began however busy it is', async () => {
    const session = await start();
    let now = T0;
    while (now + 20 * MINUTE < T0 + SESSION_ABSOLUTE_TIMEOUT_MS) {
      now += 20 * MINUTE;
      expect(await read(session.sessionId, now)).not.toBeNull();
    }
    expect(await read(session.sessionId, T0 + SESSION_ABSOLUTE_TIMEOUT_MS)).toBeNull();
  });

  it('ends the session at once when the user is disabled or the client off-boarded', async () => {
    const first = await start();
    await sqlRun(test.app, `UPDATE portal_users SET status = 'disabled' WHERE id = ?`, seeded.userId);
    expect(await read(first.sessionId, T0 + MINUTE)).toBeNull();
    await sqlRun(test.app, `UPDATE portal_users SET status = 'active' WHERE id = ?`, seeded.userId);
    expect(await read(first.sessionId, T0 + 2 * MINUTE)).toBeNull();

    const second = await start(T0 + 3 * MINUTE);
    await sqlRun(test.app, `UPDATE clients SET status = 'offboarded' WHERE id = ?`, seeded.clientId);
    expect(await read(second.sessionId, T0 + 4 * MINUTE)).toBeNull();
    expect((await row(second.idHash)).endedAt).toBe(T0 + 4 * MINUTE);
  });

  it('knows nothing of unknown, malformed or missing ids', async () => {
    await start();
    expect(await read('A'.repeat(43), T0)).toBeNull();
    expect(await read('not a session', T0)).toBeNull();
    expect(await readSession(test.app.store.db, key(), undefined, T0)).toBeNull();
  });

  it('ends one session, or all of a user', async () => {
    const a = await start();
    const b = await start();
    expect(await endSession(test.app.store.db, a.idHash, T0 + MINUTE)).toBe(true);
    expect(await endSession(test.app.store.db, a.idHash, T0 + MINUTE)).toBe(false);
    expect(await read(a.sessionId, T0 + MINUTE)).toBeNull();
    expect(await read(b.sessionId, T0 + MINUTE)).not.toBeNull();
    expect(await endUserSessions(test.app.store.db, seeded.userId, T0 + 2 * MINUTE)).toBe(1);
    expect(await read(b.sessionId, T0 + 2 * MINUTE)).toBeNull();
  });
});
