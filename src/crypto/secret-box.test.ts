import { describe, expect, it } from 'vitest';
import { createKeyring } from './secret-box.js';

const KEY = 'k'.repeat(40);

describe('secret box (AES-256-GCM at rest)', () => {
  it('round-trips, and never stores the plaintext', () => {
    const keyring = createKeyring(KEY);
    const sealed = keyring.seal('{"accessToken":"pat-na1-secret"}');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('pat-na1-secret');
    expect(keyring.open(sealed)).toBe('{"accessToken":"pat-na1-secret"}');
    expect(keyring.seal('same')).not.toBe(keyring.seal('same'));
  });

  it('refuses tampered data and the wrong key', () => {
    const sealed = createKeyring(KEY).seal('token');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    expect(() => createKeyring(KEY).open(`v1:${bytes.toString('base64')}`)).toThrow(/cannot be opened/);
    expect(() => createKeyring('x'.repeat(40)).open(sealed)).toThrow(/wrong CLIENTHUB_SECRET_KEY/);
    expect(() => createKeyring('short')).toThrow(/at least 32/);
  });
});
