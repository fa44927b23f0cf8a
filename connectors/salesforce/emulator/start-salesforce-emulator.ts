/**
 * A local Salesforce org for the demo, benchmarks and tests: the REST endpoints the connector
 * uses (query with nextRecordsUrl paging, getDeleted, describe) and the OAuth token endpoint,
 * with Salesforce's error bodies and the Sforce-Limit-Info header. jsforce runs against it unchanged.
 */
import express from 'express';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { CASE_ACTION_KEY_FIELD, SalesforceEmulatorStore, type EmulatedSObject } from './salesforce-emulator-store.js';
import { EMULATED_FIELDS, runSoql, SoqlError } from './run-soql.js';
import { insertContentVersion, isContentDocumentLinkQuery, isContentVersionQuery, runContentDocumentLinkSoql, runContentVersionSoql, SObjectError, updateContentDocumentLink, versionData } from './content-documents.js';
import { cometdEndpoint } from './cometd-endpoint.js';
import { everyNthCall } from '../../emulator-support/rate-limit-every.js';

export interface SalesforceEmulator {
  url: string;
  store: SalesforceEmulatorStore;
  close(): Promise<void>;
}

export interface SalesforceEmulatorOptions {
  port?: number;
  store?: SalesforceEmulatorStore;
  /** Records per query batch (Salesforce uses up to 2 000). */
  batchSize?: number;
  multiCurrency?: boolean;
  dailyApiLimit?: number;
  /**
   * Every Nth API call answers 403 REQUEST_LIMIT_EXCEEDED: "ConcurrentPerOrgLongTxn Limit exceeded."
   * (the concurrent long-running request limit, the default) or "TotalRequests Limit exceeded." ('daily').
   */
  rateLimitEvery?: number;
  rateLimitKind?: 'concurrent' | 'daily';
}

const sfError = (errorCode: string, message: string) => [{ message, errorCode }];

export async function startSalesforceEmulator(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  const store = options.store ?? new SalesforceEmulatorStore();
  const batchSize = options.batchSize ?? 2000;
  const limit = options.dailyApiLimit ?? 15_000;
  const cursors = new Map<string, Record<string, unknown>[]>();
  const issued = new Set<string>();
  const nth = everyNthCall(options.rateLimitEvery);
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  let url = '';

  app.post('/services/oauth2/token', (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    if (!body.grant_type || !['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer'].includes(body.grant_type)) {
      return res.status(400).json({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    const token = `00D!${randomBytes(24).toString('base64url')}`;
    issued.add(token);
    res.json({
      access_token: token,
      ...(body.grant_type === 'authorization_code' ? { refresh_token: `5Aep${randomBytes(24).toString('base64url')}` } : {}),
      instance_url: url,
      id: `${url}/id/${store.orgId}/0055e0000000000AAA`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: randomBytes(16).toString('base64'),
    });
  });
  app.get('/services/oauth2/authorize', (req, res) => {
    const redirect = new URL(String(req.query.redirect_uri));
    redirect.searchParams.set('code', `aPrx${randomBytes(12).toString('base64url')}`);
    if (req.query.state) redirect.searchParams.set('state', String(req.query.state));
    res.redirect(302, redirect.toString());
  });

  const api = express.Router();
  // Tokens this emulator issued, or any pre-issued token that is not marked expired.
  const isValidToken = (token: string) => token !== '' && !(token.startsWith('00D!') && !issued.has(token)) && !token.startsWith('expired');
  api.use((req, res, next) => {
    const token = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    if (!isValidToken(token)) {
      return res.status(401).json(sfError('INVALID_SESSION_ID', 'Session expired or invalid'));
    }
    store.apiCalls++;
    // Every answer carries the org's usage, refusals included (jsforce reads it into conn.limitInfo).
    res.set('Sforce-Limit-Info', `api-usage=${store.apiCalls}/${limit}`);
    if (store.apiCalls > limit) return res.status(403).json(sfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
    if (nth()) return res.status(403).json(sfError('REQUEST_LIMIT_EXCEEDED', options.rateLimitKind === 'daily' ? 'TotalRequests Limit exceeded.' : 'ConcurrentPerOrgLongTxn Limit exceeded.'));
    next();
  });
  api.get('/sobjects/ContentVersion/:id/VersionData', (req, res) => {
    const file = versionData(store, req.params.id);
    if (!file) return res.status(404).json(sfError('NOT_FOUND', 'The requested resource does not exist'));
    res.set('Content-Type', 'application/octetstream').set('Content-Length', String(file.body.length)).send(file.body);
  });
  api.get('/sobjects/:type/describe', (req, res) => {
    const fields = EMULATED_FIELDS[req.params.type as keyof typeof EMULATED_FIELDS];
    if (!fields) return res.status(404).json(sfError('NOT_FOUND', 'The requested resource does not exist'));
    const names = [...fields, ...(options.multiCurrency && req.params.type === 'Opportunity' ? ['CurrencyIsoCode'] : [])];
    res.json({ name: req.params.type, label: req.params.type, fields: names.map((name) => ({ name, type: 'string' })) });
  });
  // Upsert on an External ID field (jsforce `sobject('Case').upsert(record, field)`): Salesforce's own
  // idempotency. 201 with created true makes the Case; 200 with created false finds the one with that key.
  api.patch('/sobjects/Case/:field/:value', express.json(), (req, res) => {
    if (req.params.field !== CASE_ACTION_KEY_FIELD || !store.caseActionKeyField) {
      return res.status(404).json(sfError('NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${req.params.field}`));
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(body).filter((field) => !EMULATED_FIELDS.Case.includes(field));
    if (unknown.length > 0) return res.status(400).json(sfError('INVALID_FIELD', `No such column '${unknown[0]}' on sobject of type Case`));
    if (body.AccountId && !store.records.Account.has(String(body.AccountId))) return res.status(400).json(sfError('FIELD_INTEGRITY_EXCEPTION', `Account ID: id value of incorrect type: ${String(body.AccountId)}`));
    const existing = [...store.records.Case.values()].find((c) => c[CASE_ACTION_KEY_FIELD] === req.params.value);
    if (existing) {
      store.update('Case', existing.Id, body);
      return res.status(200).json({ id: existing.Id, success: true, errors: [], created: false });
    }
    const created = store.createCase({ ...body, [CASE_ACTION_KEY_FIELD]: req.params.value });
    store.publishChange('Case', 'CREATE', [created.Id]);
    res.status(201).json({ id: created.Id, success: true, errors: [], created: true });
  });
  // A Salesforce File inserted through the API (VersionData base64 in JSON; Salesforce takes up to 50 MB so).
  api.post('/sobjects/ContentVersion', express.json({ limit: '52mb' }), (req, res) => {
    try {
      const file = insertContentVersion(store, (req.body ?? {}) as Record<string, unknown>, (recordId) => store.records.Account.has(recordId) || store.records.Opportunity.has(recordId));
      res.status(201).json({ id: file.LatestPublishedVersionId, success: true, errors: [] });
    } catch (error) {
      if (error instanceof SObjectError) return res.status(error.status).json(sfError(error.errorCode, error.message));
      throw error;
    }
  });
  api.patch('/sobjects/ContentDocumentLink/:id', express.json(), (req, res) => {
    try {
      updateContentDocumentLink(store, req.params.id, (req.body ?? {}) as Record<string, unknown>);
      res.status(204).end();
    } catch (error) {
      if (error instanceof SObjectError) return res.status(error.status).json(sfError(error.errorCode, error.message));
      throw error;
    }
  });
  // A CaseComment posted through the API (by the integration user): the Case moves, as in Salesforce.
  api.post('/sobjects/CaseComment', express.json(), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parentId = String(body.ParentId ?? '');
    if (!store.records.Case.has(parentId)) return res.status(400).json(sfError('FIELD_INTEGRITY_EXCEPTION', `Parent ID: id value of incorrect type: ${parentId}`));
    if (typeof body.CommentBody !== 'string' || body.CommentBody === '') return res.status(400).json(sfError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [CommentBody]'));
    const comment = store.addCaseComment(parentId, { body: body.CommentBody, isPublished: body.IsPublished === true, authorName: 'ClientHub Integration' });
    res.status(201).json({ id: comment.Id, success: true, errors: [] });
  });
  api.get('/sobjects/:type/deleted', (req, res) => {
    const start = Date.parse(String(req.query.start));
    const end = Date.parse(String(req.query.end));
    if (Number.isNaN(start) || Number.isNaN(end)) return res.status(400).json(sfError('INVALID_QUERY_FILTER_OPERATOR', 'start and end are required'));
    if (store.now() - start > 30 * 86_400_000) return res.status(400).json(sfError('INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago'));
    const deletedRecords = store.deleted
      .filter((d) => d.type === (req.params.type as EmulatedSObject) && Date.parse(d.deletedDate) >= start && Date.parse(d.deletedDate) <= end)
      .map((d) => ({ id: d.id, deletedDate: d.deletedDate }));
    res.json({ deletedRecords, earliestDateAvailable: new Date(store.now() - 15 * 86_400_000).toISOString(), latestDateCovered: new Date(end).toISOString() });
  });
  const page = (locator: string, offset: number, res: express.Response) => {
    const rows = cursors.get(locator);
    if (!rows) return res.status(400).json(sfError('INVALID_QUERY_LOCATOR', 'invalid query locator'));
    const next = offset + batchSize;
    const done = next >= rows.length;
    if (done) cursors.delete(locator);
    res.json({ totalSize: rows.length, done, ...(done ? {} : { nextRecordsUrl: `${res.req.baseUrl}/query/${locator}-${next}` }), records: rows.slice(offset, next) });
  };
  api.get('/query', (req, res) => {
    try {
      const soql = String(req.query.q ?? '');
      const rows = isContentDocumentLinkQuery(soql) ? runContentDocumentLinkSoql(store, soql) : isContentVersionQuery(soql) ? runContentVersionSoql(store, soql) : runSoql(store, soql, { multiCurrency: options.multiCurrency ?? false });
      const locator = `01g5e${randomBytes(6).toString('hex')}`;
      cursors.set(locator, rows);
      page(locator, 0, res);
    } catch (error) {
      if (error instanceof SoqlError) return res.status(400).json(sfError(error.errorCode, error.message));
      throw error;
    }
  });
  api.get('/query/:cursor', (req, res) => {
    const [, locator, offset] = /^(.+)-(\d+)$/.exec(req.params.cursor) ?? [];
    if (!locator) return res.status(400).json(sfError('INVALID_QUERY_LOCATOR', 'invalid query locator'));
    page(locator, Number(offset), res);
  });
  app.use('/services/data/:version', api);
  app.use(cometdEndpoint(store, isValidToken));
  app.use((_req, res) => {
    res.status(404).json(sfError('NOT_FOUND', 'The requested resource does not exist'));
  });

  const server: Server = await new Promise((resolve, reject) => {
    // Express 5 calls this callback on a listen error too (a demo port in use): reject then.
    const listening = app.listen(options.port ?? 0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, store, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}
