/**
 * The contract every provider implements. A provider is one folder under connectors/
 * whose `connector.ts` default-exports a `Connector`, plus its mappings under mappings/.
 * The contract is core's (the connector kit): nothing in src/ names a provider.
 */
import type { AppConfig } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import type { RecordKind, RecordInput } from '../model/unified-model.js';
import type { ProviderSettings } from './define-settings.js';
import type { AccountChoiceRule, EnvironmentVariableNames, IdentityDefaults, TokenConnectRule, WebhookSecretHint } from './define-provider.js';

/** One provider object as fetched: the raw payload plus what the engine needs to order and store it. */
export interface PulledRecord {
  objectType: string;
  externalId: string;
  /** The provider's own last-modified time (ms), used to refuse older versions. */
  updatedAt: number | null;
  deleted: boolean;
  raw: unknown;
}

export interface PullPage {
  records: PulledRecord[];
  /** Where to resume after this page; persisted with the page's records in one transaction. */
  cursor: unknown;
  /** Total the provider reports, for progress (may be approximate). */
  estimatedTotal?: number;
  /**
   * Set on a page of a run that lists every live record of the object (a full pass): once the
   * run succeeds, stored records it did not list are marked deleted. Only for true full listings.
   */
  complete?: boolean;
}

export interface PullOptions {
  /** null means a full backfill from the beginning. */
  cursor: unknown | null;
  /** How far behind the cursor to start again, since provider search indexes lag writes. */
  overlapMs: number;
}

/** What a connector receives for each call: its connection, fresh credentials, helpers. */
export interface ConnectorContext {
  connectionId: number;
  workspaceId: number;
  settings: Record<string, unknown>;
  config: AppConfig;
  logger: Logger;
  /** The current access token, refreshed first when it is about to expire. */
  getAccessToken(): Promise<string>;
  /** Forces a refresh (after the provider said the token is no longer valid). */
  refreshAccessToken(): Promise<string>;
  sleep(ms: number): Promise<void>;
  /**
   * Waits until each budget (requests per window) has room for one more request for this key,
   * shared by every process on the data directory: a backfill paces itself under the provider's
   * limit instead of bouncing off 429s. Returns how long it waited.
   */
  pace(key: string, budgets: { limit: number; windowMs: number }[]): Promise<number>;
  /** Runs `work` while holding one of `max` call slots for the key, shared by every process (Xero: 5 concurrent calls per organisation). */
  limitConcurrency<T>(key: string, max: number, work: () => Promise<T>): Promise<T>;
  /** Provider metadata kept per connection (pipelines, stage definitions...). */
  metadata: {
    get<T>(key: string): T | undefined;
    set(key: string, value: unknown): void;
  };
}

export interface RawWebhookRequest {
  method: string;
  /** The full URL the provider called (PUBLIC_URL + path), which some providers sign. */
  url: string;
  headers: Record<string, string | undefined>;
  /** Exactly the bytes received: signatures are verified over these, before any parsing. */
  rawBody: Buffer;
  receivedAt: number;
}

export type WebhookVerification =
  | {
      ok: true;
      /** The connection whose stored per-hook secret verified the delivery (Asana): routes it, before any account id. */
      connectionId?: number;
    }
  | { ok: false; reason: string };

/** A per-hook secret the hub stored from a provider's handshake, and the connection it belongs to. */
export interface StoredWebhookSecret {
  secret: string;
  connectionId: number;
}

/** Finds the stored secret of one of this provider's hooks (the hook id comes from the URL the hub registered: its `hook` parameter). */
export type WebhookSecretLookup = (hookId: string) => StoredWebhookSecret | undefined;

/**
 * A subscription handshake (Asana's X-Hook-Secret): the provider hands over the secret that will sign
 * later deliveries, and waits for `reply`. The hub stores the secret, sealed, only for a hook it is
 * expecting a handshake for (one it just asked the provider to create).
 */
export type WebhookHandshake =
  | { ok: true; hookId: string; secret: string; reply: WebhookReply & { headers: Record<string, string> } }
  | { ok: false; reason: string };

/** The hub's side of the hooks one connection registers at its provider. */
export interface WebhookRegistry {
  /** The URL to register for a hook: PUBLIC_URL + /webhooks/<provider>?hook=<hookId>. */
  targetUrl(hookId: string): string;
  /** Opens a short window in which this hook's handshake is accepted: call it just before asking the provider to create the hook. */
  expectHandshake(hookId: string): Promise<void>;
  /** This connection's hooks the hub knows of. */
  list(): Promise<{ hookId: string; remoteId: string | null; hasSecret: boolean }[]>;
  /** Records the provider's id for a hook it created. */
  remember(hookId: string, remoteId: string): Promise<void>;
  /** Stores, sealed, the signing secret a provider returns when it creates a hook (Stripe's whsec_). */
  storeSecret(hookId: string, remoteId: string, secret: string): Promise<void>;
  /** Forgets a hook and its secret (deleted here, or gone at the provider). */
  forget(hookId: string): Promise<void>;
}

export interface WebhookMaintenance {
  created: number;
  /** Hooks the hub had registered that the provider dropped or deactivated, registered again. */
  recreated: number;
  removed: number;
  kept: number;
  /** Why nothing was done, when nothing could be. */
  skipped?: string;
}

export interface WebhookEvent {
  /** The provider's id for the event, used to drop duplicates. */
  eventId: string;
  objectType: string;
  externalId: string;
  occurredAt: number | null;
  action: 'changed' | 'deleted';
  /** Routes the event to a connection when the provider names its account (HubSpot portalId...). */
  accountId: string | null;
  raw: unknown;
}

export type WebhookParse = { ok: true; events: WebhookEvent[] } | { ok: false; reason: string };

export interface WebhookReply {
  contentType: string;
  body: string;
  /** Overrides the status the hub would use. */
  status?: number;
}

export interface ObjectTypeDeclaration {
  objectType: string;
  kind: RecordKind;
  /** Pull order: companies before the contacts and deals that point at them. */
  order: number;
}

export interface MappingContext {
  metadata: ConnectorContext['metadata'];
  config: AppConfig;
}

/** How one provider object becomes one unified record. One file per object, under mappings/<provider>/. */
export interface ObjectMapping<K extends RecordKind = RecordKind> {
  provider: string;
  objectType: string;
  kind: K;
  map(raw: unknown, context: MappingContext): RecordInput<K>;
}

export interface EnvConnection {
  label: string;
  authType: 'token' | 'oauth';
  credentials: StoredCredentials;
  settings: Record<string, unknown>;
}

export interface StoredCredentials {
  accessToken?: string;
  refreshToken?: string;
  /** ms since epoch */
  expiresAt?: number;
  [key: string]: unknown;
}

export interface OAuthSupport {
  /** True when the provider supports PKCE: the hub then sends a code challenge and proves it on exchange. */
  pkce?: boolean;
  /** With PKCE (providers that support it), `pkce.challenge` is the S256 code challenge to send. */
  authorizeUrl(input: { state: string; redirectUri: string; config: AppConfig; pkce?: { challenge: string } }): string;
  /** Tokens, plus settings the token response decides (Salesforce's instance URL and org). */
  /** `callbackParams` are the other query parameters of the callback (QuickBooks sends the realmId there). */
  exchangeCode(input: { code: string; redirectUri: string; config: AppConfig; callbackParams?: Record<string, string>; pkce?: { verifier: string } }): Promise<StoredCredentials & { settings?: Record<string, unknown> }>;
  /**
   * A new access token from the stored credentials: usually their refresh token; for grants
   * without one (Salesforce's JWT bearer flow) whatever the credentials say to use.
   */
  refresh(input: { refreshToken: string | undefined; credentials: StoredCredentials; config: AppConfig }): Promise<StoredCredentials>;
  /**
   * Revokes the grant at the provider (on disconnect), where the provider allows it: the refresh
   * token when there is one, which ends the access tokens issued from it too.
   */
  revoke?(input: { credentials: StoredCredentials; config: AppConfig }): Promise<void>;
  /** True when these credentials can be renewed without a refresh token. */
  renewsWithoutRefreshToken?(credentials: StoredCredentials): boolean;
}

/** What a provider's push stream reports: records changed (fetch them), deleted, or a gap (re-poll). */
export interface StreamBatch {
  objectType: string;
  changedIds: string[];
  deleted: { id: string; at: number | null }[];
  /** The provider missed changes (overflow, gap): poll this object type. */
  gap: boolean;
  /** Where to resume after this batch once it is applied. */
  position: unknown;
}

export interface StreamHandlers {
  /** Where the last applied batch left off; null for "from now". */
  resumeFrom: unknown | null;
  onBatch(batch: StreamBatch): Promise<void>;
  onError(error: Error): void;
}

/** A document the provider renders (an invoice PDF), fetched on demand for a signed-in client. */
export interface ProviderDocument {
  contentType: string;
  body: Buffer;
  filename: string;
}

/** One file a provider holds on a record, as listed at sync (metadata only). */
export interface ListedDocument {
  /** The provider's id for the file. */
  sourceId: string;
  name: string;
  sizeBytes: number | null;
  contentType: string | null;
  /** When the provider says it was added (ISO 8601). */
  createdAt: string | null;
  /** What `open` needs besides the id (a file name, a version id): stored, never shown. */
  locator?: Record<string, unknown>;
}

/** A file's bytes as the provider sends them, streamed through the hub to the signed-in client. */
export interface OpenedDocument {
  contentType: string | null;
  /** The size the provider announces, when it does: a file over the hub's cap is refused before any byte is sent. */
  sizeBytes: number | null;
  body: AsyncIterable<Uint8Array>;
}

/**
 * Where a provider keeps files the client may see, on which records (issue 17). The connector lists
 * only what its provider marks for customers (Salesforce Visibility AllUsers); core adds its own
 * rules on top (a task's clientVisible, the client's ownership of the parent, the role).
 */
export interface DocumentSource {
  /** The provider object types whose records carry files (Asana Task, Xero Invoice). */
  parentObjectTypes: string[];
  list(ctx: ConnectorContext, parent: { objectType: string; externalId: string; raw: unknown }): Promise<ListedDocument[]>;
  open(ctx: ConnectorContext, document: { parentObjectType: string; parentExternalId: string; sourceId: string; locator: Record<string, unknown> }, signal: AbortSignal): Promise<OpenedDocument>;
}

/** One comment of a project's client conversation, as the provider holds it (plain text). */
export interface ConversationComment {
  externalId: string;
  authorName: string;
  /** Plain text (never the provider's HTML rendering). */
  text: string;
  createdAt: number;
  /** The portal action key a comment carries when the hub posted it for a client; null for staff. */
  portalKey: string | null;
}

/**
 * A project's client conversation (issue 16): the comments on ONE designated place per project
 * (Asana: the project's client-conversation task). Comments anywhere else are internal and never read.
 */
export interface ConversationSource {
  /** Which projects' conversations a changed record may have touched (the conversation task itself). */
  projectsTouchedBy(config: AppConfig, record: { objectType: string; raw: unknown }): string[];
  /** The conversation of one project, oldest first; empty when it has no conversation place yet. */
  read(ctx: ConnectorContext, projectExternalId: string): Promise<ConversationComment[]>;
}

/** What every portal action carries to the provider (the write-back outbox, src/outbox/). */
export interface PortalActionInput {
  /**
   * The action's idempotency key. Written into the object the provider creates (a hidden property,
   * an external id, a marker line) so a retry after an interrupted attempt finds it instead of
   * creating it again; or handed to the provider where it dedupes by key itself.
   */
  key: string;
  /** The portal user's name and email, for attribution ("Nancy Davolio via the client portal"). */
  authorName: string;
  authorEmail: string | null;
}

/** A client opens a request: a ticket or case in the CRM, linked to their company and contact. */
export interface CreateRequestInput extends PortalActionInput {
  /** Plain text, length-checked by the hub. */
  subject: string;
  description: string;
  /** The category the client chose, already mapped by config to the provider's pipeline / case type. */
  category: string | null;
  companyExternalId: string | null;
  contactExternalId: string | null;
}

/** A client replies on one of their requests; the provider stores it as visible to the customer. */
export interface AddRequestMessageInput extends PortalActionInput {
  requestExternalId: string;
  body: string;
}

/** A client's message on a project's conversation: a comment on its designated task. */
export interface AddConversationCommentInput extends PortalActionInput {
  projectExternalId: string;
  body: string;
}

/**
 * A client answers an approval (issue 17): the task's approval status is set at the provider and a
 * comment records who answered via the portal, with their words. The comment carries the action's
 * key, so `findExisting` finds an answer an interrupted attempt already gave.
 */
export interface AnswerApprovalInput extends PortalActionInput {
  taskExternalId: string;
  answer: 'approved' | 'rejected' | 'changes_requested';
  /** Plain text, length-checked by the hub; may be empty for an approval. */
  comment: string;
}

/** The file of a client's upload (issue 17), staged on the hub's disk, checked and scanned. */
export interface UploadedFile {
  fileName: string;
  /** The file's name with the action's marker in it; the staged file at `path` is named so. */
  storedName: string;
  /** The staged file on the hub's disk (scanned, content-checked). */
  path: string;
  contentType: string;
  sizeBytes: number;
}

/**
 * A client's upload, delivered where the business works (issue 17). Its destination is the record it
 * hangs on: made on a project page, the project (`anchor: 'project'`; Asana: an attachment on the
 * project's client-conversation task); made on the Documents page, the client's company in the CRM
 * (`anchor: 'company'`; a HubSpot company's file on a note, a Salesforce Account's ContentVersion).
 * `storedName` carries the action's marker, so `findExisting` finds what an interrupted attempt made.
 * Actions queued before the anchor was recorded have no `anchor` and a projectExternalId: project.
 */
export type UploadDocumentInput = PortalActionInput & UploadedFile & (
  | { anchor?: 'project'; projectExternalId: string }
  | { anchor: 'company'; companyExternalId: string }
);

export interface WriteOperationInputs {
  createRequest: CreateRequestInput;
  addRequestMessage: AddRequestMessageInput;
  addConversationComment: AddConversationCommentInput;
  answerApproval: AnswerApprovalInput;
  uploadDocument: UploadDocumentInput;
}

export type WriteOperationName = keyof WriteOperationInputs;

/** The provider object an action created. */
export interface WriteResult {
  objectType: string;
  externalId: string;
  /** The declared object to fetch at once so the result shows in the portal, when the created one is not declared itself (a reply's ticket or Case). */
  syncObject?: { objectType: string; externalId: string };
}

/**
 * One write a connector can perform for the outbox. Never performed twice: either `findExisting`
 * looks the object up by the key written into it (checked before every attempt), or — only where
 * the provider itself dedupes on the key (an upsert on an external id) — `perform` is idempotent
 * and `idempotentAtProvider` says so.
 */
export interface WriteOperation<I extends PortalActionInput> {
  /** The OAuth scopes a grant needs for this write: without them the console shows the feature off and the scope to add. */
  scopes: string[];
  /** The object a previous attempt created for this key, or null. Must read the provider's current state, not a lagging index. */
  findExisting?(ctx: ConnectorContext, input: I): Promise<WriteResult | null>;
  idempotentAtProvider?: boolean;
  /**
   * The unified kinds of record this write can hang on, when it is not only the operation's default
   * (write-availability.ts ANCHOR_KINDS): uploadDocument to a project (Asana) or to a company (a CRM).
   */
  anchorKinds?: readonly RecordKind[];
  perform(ctx: ConnectorContext, input: I): Promise<WriteResult>;
}

export type DeclaredWrites = { [N in WriteOperationName]?: WriteOperation<WriteOperationInputs[N]> };

export interface Connector {
  provider: string;
  displayName: string;
  /** The connector's configuration, declared in its folder (define-settings.ts): parsed at start, documented in README. */
  settings: ProviderSettings;
  /** The variables the console and error messages name (its environment credentials, its base URL). */
  environment: EnvironmentVariableNames;
  /** Connects with a pasted key or token from the console (besides or instead of OAuth). */
  tokenConnect?: TokenConnectRule;
  /** How the account a grant syncs is chosen when one grant reaches several. */
  accountChoice?: AccountChoiceRule;
  /** What verifies its webhooks when they are set up by hand (none: it registers its own, or has none). */
  webhookSecret?: WebhookSecretHint;
  /** Default identity-rule paths for its objects; the config file's `identity` section overrides them. */
  identityDefaults?: IdentityDefaults;
  /**
   * The pacing keys' account part for a connection (a QuickBooks realm, a Xero organisation): the
   * console reads the shared request log under `<provider>:<account>:` to show budget use.
   */
  pacingAccount?(connection: { id: number; settings: Record<string, unknown> }): string;
  objectTypes: ObjectTypeDeclaration[];
  /** The provider object type that holds each unified kind this connector can fetch by id. */
  objectTypeForKind: Partial<Record<RecordKind, string>>;
  mappings: ObjectMapping[];
  /** A connection described by environment variables, or null when they are not set. */
  fromEnvironment(config: AppConfig): EnvConnection | null;
  /**
   * Fills in, from the provider, what the environment may leave out (Xero: the organisation, by
   * default the first one granted), once at start-up. `stored` is the connection saved from the
   * environment before, whose settings can be reused instead of asking again.
   */
  completeEnvironment?(input: { connection: EnvConnection; stored: { settings: Record<string, unknown>; credentials: StoredCredentials } | null; config: AppConfig }): Promise<EnvConnection>;
  /** Loads provider metadata that mappings need (deal pipelines...), once per run. */
  refreshMetadata?(ctx: ConnectorContext): Promise<void>;
  pull(ctx: ConnectorContext, objectType: string, options: PullOptions): AsyncIterable<PullPage>;
  /** Fetches records by id (webhooks are thin); ids the provider no longer has come back deleted. */
  fetchByIds(ctx: ConnectorContext, objectType: string, externalIds: string[]): Promise<PulledRecord[]>;
  webhook?: {
    /** `secrets` finds per-hook secrets stored at handshakes, for providers that sign with those. */
    verify(request: RawWebhookRequest, config: AppConfig, secrets?: WebhookSecretLookup): WebhookVerification;
    parse(request: RawWebhookRequest): WebhookParse;
    /** Recognises a subscription handshake (answered before any verification); null when the request is not one. */
    handshake?(request: RawWebhookRequest): WebhookHandshake | null;
    /** The reply the provider expects (a SOAP Ack for Salesforce); JSON when absent. */
    respond?: {
      accepted(): WebhookReply;
      rejected(reason: string): WebhookReply;
    };
  };
  oauth?: OAuthSupport;
  /**
   * The request budgets this connector paces its calls under (ctx.pace), for the staff console to
   * show how much of each is in use. Keys are `<provider>:<account>` as the connector paces them.
   */
  requestBudgets?: { limit: number; windowMs: number }[];
  /** The invoice's PDF as the provider renders it; the portal streams it only to the invoice's own client. */
  invoicePdf?(ctx: ConnectorContext, externalId: string): Promise<ProviderDocument>;
  /**
   * What this provider's invoices are to the business when it keeps the same bill in several
   * systems: 'books' (its ledger, which it reconciles) or 'payments' (a payment processor's copy).
   * A mirrored bill shows the books' copy unless the config file's billing.systemOfRecord says
   * otherwise; undeclared ranks after both.
   */
  billingRole?: 'books' | 'payments';
  /** Where the client pays this invoice online, asked at the moment they press Pay (Xero's OnlineInvoices); null when the provider offers none. */
  invoicePayUrl?(ctx: ConnectorContext, externalId: string): Promise<string | null>;
  /**
   * Registers the hooks this connection should have at the provider (one per project for Asana) and
   * registers again those the provider dropped. Run by the scheduler every poll interval.
   */
  maintainWebhooks?(ctx: ConnectorContext, registry: WebhookRegistry): Promise<WebhookMaintenance>;
  /** A long-lived push subscription (Salesforce Change Data Capture); polling stays the safety net. */
  stream?(ctx: ConnectorContext, handlers: StreamHandlers): Promise<{ close(): Promise<void> }>;
  /** Files on its records the portal may list and stream (issue 17). */
  documents?: DocumentSource;
  /** Project conversations (Messages): read from the provider; posted through the `addConversationComment` write. */
  conversations?: ConversationSource;
  /** Writes the portal may ask for (through the outbox), each with the scopes it needs. */
  writes?: DeclaredWrites;
  /**
   * The scopes a connection's grant holds, where they can be known (an OAuth grant records them);
   * null when they cannot (a pasted token): writes are then offered and a refusal is reported.
   */
  grantedScopes?(connection: { authType: 'token' | 'oauth'; settings: Record<string, unknown> }, config: AppConfig): string[] | null;
}
