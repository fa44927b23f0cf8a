import { z } from 'zod';
import type { AdminRouteSpec } from './admin-api-schemas.js';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as the client must send it. */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Express's `/records/:id/link` as OpenAPI's `/records/{id}/link`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function parametersOf(spec: AdminRouteSpec): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [where, object] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!object) continue;
    const schema = jsonSchemaOf(object) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const { description, ...rest } = property;
      parameters.push({ name, in: where, required: where === 'path' || (schema.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest });
    }
  }
  return parameters;
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/**
 * The OpenAPI 3.1 document of the admin API, built from the route specs the router registered
 * (with their zod schemas): one operation per route, its path and query parameters, its JSON body.
 */
export function buildAdminOpenApi(routes: Record<string, AdminRouteSpec>, serverUrl: string, version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [operationId, spec] of Object.entries(routes)) {
    const parameters = parametersOf(spec);
    (paths[openApiPath(spec.path)] ??= {})[spec.method] = {
      operationId,
      summary: spec.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(spec.body) } } } } : {}),
      responses: {
        200: { description: `OK: ${spec.returns}`, content: { 'application/json': { schema: { type: 'object' } } } },
        400: errorResponse('The input does not match this operation (the message says which field)'),
        401: errorResponse('No valid admin token'),
        404: errorResponse('No such record, client, review, connection or dead letter'),
        409: errorResponse('The change conflicts with the current state'),
        413: errorResponse('Body over 64 kB'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ClientHub admin API',
      version,
      description: 'Identity decisions and the staff console as JSON. Exists only when CLIENTHUB_ADMIN_TOKEN is set; every call needs it as a Bearer token.',
    },
    servers: [{ url: serverUrl }],
    security: [{ adminToken: [] }],
    paths,
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'CLIENTHUB_ADMIN_TOKEN' } },
      schemas: { Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } },
    },
  };
}
