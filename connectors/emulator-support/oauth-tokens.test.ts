import { describe, expect, it } from 'vitest';
import { EmulatedOAuthTokens } from './oauth-tokens.js';

let n = 0;
const formats = { accessTtlSeconds: 60, refreshTtlSeconds: 600, accessToken: () => `at-${++n}`, refreshToken: () => `rt-${++n}` };

describe('EmulatedOAuthTokens', () => {
  it('issues single-use codes bound to a redirect URI, and rotating refresh tokens', () => {
    const tokens = new EmulatedOAuthTokens(formats);
    const code = tokens.issueCode('https://hub.test/cb', 'client');
    expect(tokens.takeCode(code, 'https://evil.test/cb')).toBe(false);
    const again = tokens.issueCode('https://hub.test/cb', 'client');
    expect(tokens.takeCode(again, 'https://hub.test/cb')).toBe(true);
    expect(tokens.takeCode(again, 'https://hub.test/cb')).toBe(false);
    const issued = tokens.issue();
    expect(tokens.isValid(issued.accessToken)).toBe(true);
    tokens.expire(issued.accessToken);
    expect(tokens.isValid(issued.accessToken)).toBe(false);
    expect(tokens.takeRefreshToken(issued.refreshToken)).toBe(true);
    expect(tokens.takeRefreshToken(issued.refreshToken)).toBe(false);
    // Unknown tokens count as pre-issued ones, once.
    expect(tokens.takeRefreshToken('from-env')).toBe(true);
    expect(tokens.takeRefreshToken('from-env')).toBe(false);
  });

  it('keeps refresh tokens when the provider does not rotate them, until revoked; a fixed list limits access tokens', () => {
    const tokens = new EmulatedOAuthTokens({ ...formats, rotateRefreshTokens: false }, ['pat-1']);
    const { refreshToken } = tokens.issue();
    expect(tokens.takeRefreshToken(refreshToken)).toBe(true);
    expect(tokens.takeRefreshToken(refreshToken)).toBe(true);
    tokens.revoke(refreshToken);
    expect(tokens.takeRefreshToken(refreshToken)).toBe(false);
    expect(tokens.isValid('pat-1')).toBe(true);
    expect(tokens.isValid('pat-2')).toBe(false);
    expect(tokens.isValid(tokens.issueAccessToken().accessToken)).toBe(true);
  });
});
