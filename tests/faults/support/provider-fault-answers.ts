import { randomBytes, randomUUID } from 'node:crypto';

/** The providers the fault proxy knows how to imitate when it refuses a call. */
export type FaultProvider = 'hubspot' | 'xero' | 'quickbooks' | 'stripe' | 'asana';

export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FaultAnswer => ({
  status,
  headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

const intuitTid = () => `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

/**
 * A 429 as each provider sends it (same shapes as the emulators): HubSpot's RATE_LIMIT body with
 * Retry-After, Xero's empty body with Retry-After and X-Rate-Limit-Problem, Intuit's
 * ThrottleExceeded Fault with no Retry-After at all (Intuit says: wait 60 s), Stripe's rate_limit
 * error, Asana's "be chill". `retryAfterSeconds` only applies where the provider sends one.
 */
export function rateLimitAnswer(provider: FaultProvider, retryAfterSeconds = 1): FaultAnswer {
  const retryAfter = String(retryAfterSeconds);
  switch (provider) {
    case 'hubspot':
      return json(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: 'TEN_SECONDLY_ROLLING' }, {
        'retry-after': retryAfter,
        'x-hubspot-ratelimit-max': '100',
        'x-hubspot-ratelimit-remaining': '0',
        'x-hubspot-ratelimit-interval-milliseconds': '10000',
      });
    case 'xero':
      return { status: 429, headers: { 'content-type': 'text/plain', 'retry-after': retryAfter, 'x-rate-limit-problem': 'minute', 'x-minlimit-remaining': '0', 'x-daylimit-remaining': '4000' }, body: '' };
    case 'quickbooks':
      return json(429, {
        Fault: { Error: [{ element: '', Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', Detail: 'The request limit was reached.  Try again later', code: '3001' }], type: 'SERVICE' },
        time: new Date().toISOString(),
      }, { intuit_tid: intuitTid() });
    case 'stripe':
      return json(429, { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' } }, { 'request-id': `req_${randomBytes(7).toString('hex')}` });
    case 'asana':
      return json(429, { errors: [{ message: 'You have made too many requests recently. Please, be chill.', help: 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors' }] }, { 'retry-after': retryAfter });
  }
}

/** A 500 in each provider's error shape. */
export function serverErrorAnswer(provider: FaultProvider): FaultAnswer {
  switch (provider) {
    case 'hubspot':
      return json(500, { status: 'error', message: 'internal error', correlationId: randomUUID(), category: 'INTERNAL_ERROR' });
    case 'xero':
      return json(500, { ErrorNumber: 500, Type: 'UnknownErrorException', Message: 'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.' });
    case 'quickbooks':
      return json(500, { Fault: { Error: [{ element: '', Message: 'An application error has occurred while processing your request', Detail: 'System Failure Error: An unexpected error occurred', code: '10000' }], type: 'SystemFault' }, time: new Date().toISOString() }, { intuit_tid: intuitTid() });
    case 'stripe':
      return json(500, { error: { type: 'api_error', message: 'An unknown error occurred' } }, { 'request-id': `req_${randomBytes(7).toString('hex')}` });
    case 'asana':
      return json(500, { errors: [{ message: 'Server Error', phrase: 'forty two tiny lions sing softly' }] });
  }
}
