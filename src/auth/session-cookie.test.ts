import { describe, expect, it } from 'vitest';
import { parseCookieHeader, readSessionCookie, serializeClearedSessionCookie, serializeSessionCookie, sessionCookieName } from './session-cookie.js';

const http = { publicUrl: 'http://127.0.0.1:3000' };
const https = { publicUrl: 'https://portal.example.com' };

describe('session cookie', () => {
  it('uses the __Host- prefix, and Secure, only behind https', () => {
    expect(sessionCookieName(http)).toBe('clienthub_session');
    expect(sessionCookieName(https)).toBe('__Host-clienthub_session');
    expect(serializeSessionCookie(http, 'abc', 3600)).toBe('clienthub_session=abc; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax');
    expect(serializeSessionCookie(https, 'abc', 3600)).toBe('__Host-clienthub_session=abc; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure');
    expect(serializeSessionCookie(https, 'abc', 3600)).not.toMatch(/Domain=/i);
  });

  it('clears with an empty value and Max-Age=0', () => {
    expect(serializeClearedSessionCookie(https)).toBe('__Host-clienthub_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure');
  });

  it('parses a Cookie header without a library', () => {
    const cookies = parseCookieHeader('a=1; clienthub_session=xyz-_; b="quoted"; c=%41%42; d=%E0%A4%A; =nameless; flag');
    expect(Object.fromEntries(cookies)).toEqual({ a: '1', clienthub_session: 'xyz-_', b: 'quoted', c: 'AB', d: '%E0%A4%A' });
    expect(parseCookieHeader(undefined).size).toBe(0);
    expect(parseCookieHeader('').size).toBe(0);
  });

  it('reads the session cookie by the configured name; the first of duplicates wins', () => {
    expect(readSessionCookie(http, 'other=1; clienthub_session=first; clienthub_session=second')).toBe('first');
    expect(readSessionCookie(https, 'clienthub_session=plain')).toBeUndefined();
    expect(readSessionCookie(https, '__Host-clienthub_session=secure')).toBe('secure');
  });
});
