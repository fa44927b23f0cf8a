/**
 * The connector kit: everything a provider folder (connectors/<provider>/, mappings/<provider>/)
 * may use from core, in one place. Connectors depend on this; nothing in core depends on a
 * connector (the registry finds them by folder convention).
 */
export * from './connector.js';
export * from './define-settings.js';
export * from './define-provider.js';
export * from './env-connection.js';
export * from './pdf-document.js';
export * from './cursor-after-pass.js';
export * from './billing-identity.js';
export * from './merge-allocations.js';
export * from './oauth-client.js';
export * from './reply-marker.js';
export * from './staff-email-domains.js';
export { ProviderError, RateLimitError, AuthError, parseRetryAfter } from '../sync/sync-errors.js';
export * from '../sync/call-provider.js';
export { summariseBody, parseBodyJson } from '../sync/summarise-body.js';
export { currencyExponent, toMinorUnits } from '../model/money.js';
export { constantTimeEqual } from '../crypto/tokens.js';
export { readFieldPath } from '../identity/read-field-path.js';
export { overrideSourcePaths } from '../records/apply-mapping-overrides.js';
export type * from '../model/unified-model.js';
export type { AppConfig } from '../config/load-config.js';
export type { Logger } from '../logging/logger.js';
