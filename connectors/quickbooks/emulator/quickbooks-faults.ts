import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { companyTime } from './company-time.js';

export interface FaultError {
  Message: string;
  Detail?: string;
  code: string;
  element?: string;
}

/** Every answer carries an intuit_tid: the id Intuit support asks for. */
export function intuitTid(): string {
  return `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/** The v3 JSON error envelope: `{ Fault: { Error: [...], type }, time }` (ValidationFault, SystemFault, SERVICE...). */
export function sendFault(res: Response, status: number, type: string, error: FaultError, timeZone?: string): void {
  res.status(status).json({ Fault: { Error: [{ element: '', ...error }], type }, time: companyTime(Date.now(), timeZone, true) });
}

/**
 * 401 and 403 come from Intuit's gateway, not the accounting service, and have another shape:
 * lower-case `fault.error[]` inside a wider envelope with an epoch-ms `time` (as captured from
 * production, e.g. "message=AuthenticationFailed; errorCode=003200; statusCode=401").
 */
export function sendGatewayFault(res: Response, status: 401 | 403, detail: string | null): void {
  const [name, code, type] = status === 401 ? ['AuthenticationFailed', '3200', 'AUTHENTICATION'] : ['AuthorizationFailed', '3100', 'SERVICE'];
  if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="Intuit", error="invalid_token"');
  res.status(status).json({
    warnings: null,
    intuitObject: null,
    fault: { error: [{ message: `message=${name}; errorCode=00${code}; statusCode=${status}`, detail, code, element: null }], type },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: Date.now(),
    status: null,
    cdcresponse: [],
  });
}

export function sendThrottled(res: Response, timeZone?: string): void {
  sendFault(res, 429, 'SERVICE', { Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', Detail: 'The request limit was reached.  Try again later', code: '3001' }, timeZone);
}

export function sendNotFound(res: Response, timeZone?: string): void {
  sendFault(res, 400, 'ValidationFault', { Message: 'Object Not Found', Detail: "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.", code: '610' }, timeZone);
}
