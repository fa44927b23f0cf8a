import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** HubSpot's error body. The SDK hands it back untouched as `ApiException.body`. */
export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  [extra: string]: unknown;
}

export function hubspotError(message: string, category: string | undefined, extra: Record<string, unknown> = {}): HubSpotErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), ...(category ? { category } : {}), ...extra };
}

/** Always JSON: the SDK parses error bodies by content type and throws a bare Error on anything else. */
export function sendHubSpotError(res: Response, httpStatus: number, message: string, category: string | undefined, extra: Record<string, unknown> = {}): void {
  res.status(httpStatus).json(hubspotError(message, category, extra));
}

export function sendValidationError(res: Response, message: string): void {
  sendHubSpotError(res, 400, message, 'VALIDATION_ERROR');
}
