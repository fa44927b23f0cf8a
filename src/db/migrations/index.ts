import * as initial from './001-initial.js';
import * as identityLinks from './002-identity-links.js';
import * as webhookSecrets from './003-webhook-secrets.js';
import * as staff from './004-staff.js';
import * as portalAuth from './005-portal-auth.js';
import * as requestLog from './006-request-log.js';
import * as identityRulesFingerprint from './007-identity-rules-fingerprint.js';
import * as staffLinkBinding from './008-staff-link-binding.js';
import * as webhookRetention from './009-webhook-retention.js';
import * as deadLettersByRecord from './010-dead-letters-by-record.js';
import * as jobRunnerFaults from './011-job-runner-faults.js';
import * as emailOptOut from './012-email-opt-out.js';
import * as rateLimitedRuns from './013-rate-limited-runs.js';
import * as opsHealth from './014-ops-health.js';
import * as identityKeys from './015-identity-keys.js';
import * as invoiceMatches from './016-invoice-matches.js';
import * as portalActions from './017-portal-actions.js';
import * as documents from './018-documents.js';
import * as conversations from './019-conversations.js';
import * as recordFields from './020-record-fields.js';
import * as documentsListed from './021-documents-listed.js';
import * as documentsRelisted from './022-documents-relisted.js';
import * as portalUsersByClient from './023-portal-users-by-client.js';
import * as recordDataJsonb from './024-record-data-jsonb.js';

export interface Migration {
  version: number;
  name: string;
  /** SQLite's form. */
  sql: string;
  /**
   * PostgreSQL's form, required from the first migration after the PostgreSQL baseline
   * (src/store/postgres/translate-sqlite-schema.ts, POSTGRES_BASELINE_VERSION): the earlier ones
   * reach PostgreSQL as the generated baseline.
   */
  postgres?: string;
}

/** Ordered, append-only: never edit a migration that has shipped; add the next one. */
export const migrations: Migration[] = [
  { version: 1, ...initial },
  { version: 2, ...identityLinks },
  { version: 3, ...webhookSecrets },
  { version: 4, ...staff },
  { version: 5, ...portalAuth },
  { version: 6, ...requestLog },
  { version: 7, ...identityRulesFingerprint },
  { version: 8, ...staffLinkBinding },
  { version: 9, ...webhookRetention },
  { version: 10, ...deadLettersByRecord },
  { version: 11, ...jobRunnerFaults },
  { version: 12, ...emailOptOut },
  { version: 13, ...rateLimitedRuns },
  { version: 14, ...opsHealth },
  { version: 15, ...identityKeys },
  { version: 16, ...invoiceMatches },
  { version: 17, ...portalActions },
  { version: 18, ...documents },
  { version: 19, ...conversations },
  { version: 20, ...recordFields },
  { version: 21, ...documentsListed },
  { version: 22, ...documentsRelisted },
  { version: 23, ...portalUsersByClient },
  { version: 24, ...recordDataJsonb },
];
