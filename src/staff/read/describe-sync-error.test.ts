import { describe, expect, it } from 'vitest';
import { describeSyncError } from './describe-sync-error.js';

describe('describeSyncError', () => {
  it('says what to do for the errors providers actually send', () => {
    expect(describeSyncError('Xero', 'Xero token request failed (invalid_grant): the refresh token expired or was already used — reconnect Xero')).toMatch(/^Xero no longer accepts the stored authorisation: reconnect Xero/);
    expect(describeSyncError('HubSpot', 'HTTP 401: EXPIRED_AUTHENTICATION')).toMatch(/refused the credentials/);
    expect(describeSyncError('HubSpot', 'This app hasn’t been granted all required scopes (403)')).toMatch(/lacks a permission/);
    expect(describeSyncError('Salesforce', 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded')).toMatch(/request limit/);
    expect(describeSyncError('Stripe', 'fetch failed: ECONNREFUSED 127.0.0.1:12111')).toMatch(/could not reach Stripe/);
    expect(describeSyncError('QuickBooks', 'HTTP 503 Service Unavailable')).toMatch(/server error/);
    expect(describeSyncError('Asana', 'something odd')).toMatch(/^Press Run now/);
    expect(describeSyncError('Asana', null)).toBeNull();
  });
});
