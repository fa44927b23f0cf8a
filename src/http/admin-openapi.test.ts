import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { startServer } from '../server/start-server.js';
import { createAdminApiRouter } from './create-admin-api-router.js';
import { openApiPath } from './build-admin-openapi.js';
import { Validator } from '@seriousme/openapi-schema-validator';

const TOKEN = 'admin-token-0123456789abcdef0123456789abcdef';

interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, unknown>;
}
interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  security: unknown[];
}

describe('/admin/api/openapi.json', () => {
  let app: TestApp;
  let server: { url: string; close(): Promise<void> };
  beforeEach(async () => {
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', CLIENTHUB_ADMIN_TOKEN: TOKEN });
    server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
  });
  afterEach(async () => {
    await server.close();
    await app.dispose();
  });
  const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });

  it('describes every route registered on the admin router, as OpenAPI 3.1', async () => {
    expect((await fetch(`${server.url}/admin/api/openapi.json`)).status).toBe(401);
    const res = await call('/admin/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApi;
    // The OpenAPI Initiative's 3.1 schema, applied by a validator: not just our idea of the shape.
    const validation = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(validation).toEqual({ valid: true });
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: 'ClientHub admin API' }, security: [{ adminToken: [] }] });
    expect(doc.components.securitySchemes).toEqual({ adminToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });

    // Walk the router as Express holds it: every method of every route.
    const stack = (createAdminApiRouter(app) as unknown as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }).stack;
    const registered = stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => `${method} ${openApiPath(layer.route!.path)}`) : []));
    expect(registered.length).toBeGreaterThanOrEqual(20);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual([...new Set(registered)].sort());

    const operationIds = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\/admin\/api\//);
      for (const op of Object.values(ops)) {
        expect(operationIds.has(op.operationId)).toBe(false);
        operationIds.add(op.operationId);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
        // Each {placeholder} is a required path parameter, and nothing else is.
        const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, p.required])).toEqual(placeholders.map((name) => [name, true]));
        for (const parameter of op.parameters ?? []) expect(parameter.schema.type).toBeDefined();
        if (op.requestBody) expect(op.requestBody.content['application/json']!.schema).not.toHaveProperty('$schema');
      }
    }
    // Generated from the zod schemas: enums, required body fields, the discriminated answer.
    const unlinked = doc.paths['/admin/api/unlinked-records']!.get!;
    expect(unlinked.parameters!.find((p) => p.name === 'kind')).toMatchObject({ in: 'query', required: false, schema: { type: 'string', enum: expect.arrayContaining(['contact', 'invoice']) } });
    expect(doc.paths['/admin/api/unlinked-records/{id}/link']!.post!.requestBody!.content['application/json']!.schema).toMatchObject({ type: 'object', required: ['clientId'] });
    expect(JSON.stringify(doc.paths['/admin/api/link-reviews/{id}']!.post!.requestBody)).toMatch(/"const":"dismiss"/);
  });

  it('the same schemas validate requests: what the document refuses, the API refuses with a 400 naming it', async () => {
    const bad = async (path: string, init?: RequestInit) => {
      const res = await call(path, init);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: string }).error;
    };
    expect(await bad('/admin/api/link-reviews?status=maybe')).toBe('status must be open, resolved or dismissed');
    expect(await bad('/admin/api/records/abc/link')).toBe('record id must be a positive integer');
    expect(await bad('/admin/api/connections/1/sync', { method: 'POST', body: JSON.stringify({ full: 'yes' }) })).toMatch(/^full: /);
    expect(await bad('/admin/api/link-reviews/1', { method: 'POST', body: JSON.stringify({ action: 'link' }) })).toBe('clientId must be a positive integer');
    expect(await bad('/admin/api/sync-runs?limit=0')).toBe('limit must be a positive integer');
    // An empty filter is no filter.
    expect((await call('/admin/api/unlinked-records?kind=&provider=')).status).toBe(200);
  });
});
