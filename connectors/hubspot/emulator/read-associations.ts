import { Router } from 'express';
import { SINGULAR, normalizeObjectType } from './crm-object-types.js';
import type { CrmObjectType } from './crm-object-types.js';
import type { HubSpotEmulatorStore } from './emulator-store.js';
import { associationTypesFor, isAssociable } from './association-types.js';
import { sendValidationError } from './hubspot-errors.js';
import { asObject, asString } from './request-values.js';

export const MAX_ASSOCIATION_BATCH_INPUTS = 1000;
/** HubSpot answers at most 500 associations per input record per page; `paging.next.after` asks for the rest. */
export const ASSOCIATIONS_PAGE_SIZE = 500;

export interface ReadAssociationsOptions {
  /** Associations per input record per page (default HubSpot's 500); tests may use fewer. */
  pageSize?: number;
}

interface AssociationInput {
  id: string;
  after?: string;
}

/** `inputs: [{ id, after? }]`; ids may come as numbers. Undefined when the body is not that shape. */
function associationInputs(body: Record<string, unknown> | undefined): AssociationInput[] | undefined {
  if (!body || !Array.isArray(body.inputs)) return undefined;
  const inputs: AssociationInput[] = [];
  for (const raw of body.inputs) {
    const input = asObject(raw);
    const id = asString(input?.id);
    if (id === undefined) return undefined;
    if (input?.after === undefined || input.after === null) inputs.push({ id });
    else if (typeof input.after === 'string') inputs.push({ id, after: input.after });
    else return undefined;
  }
  return inputs;
}

/**
 * The paging token: opaque to callers (HubSpot's are base64 too), here the offset of the next page
 * and the record it belongs to, so a token sent with another record's id is refused like a forged one.
 */
export function associationsAfterToken(fromId: string, offset: number): string {
  return Buffer.from(`${offset}-${fromId}`).toString('base64url');
}

/** The offset a token names, or undefined when it is not one this emulator handed out for `fromId`. */
function offsetOf(token: string, fromId: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const match = /^([1-9]\d{0,8})-(.+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match || match[2] !== fromId) return undefined;
  const offset = Number(match[1]);
  return associationsAfterToken(fromId, offset) === token ? offset : undefined;
}

function noAssociationsError(fromType: CrmObjectType, toType: CrmObjectType, id: string) {
  // HubSpot reports a record without links as an error of a 207, not as an empty `to`.
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
    message: `No ${SINGULAR[toType]} is associated with ${SINGULAR[fromType]} ${id}.`,
    context: { fromObjectId: [id], fromObjectType: [SINGULAR[fromType].toUpperCase()], toObjectType: [SINGULAR[toType].toUpperCase()] },
  };
}

/**
 * POST /crm/v4/associations/{fromType}/{toType}/batch/read (the SDK's `associations.v4.batchApi.getPage`):
 * per input record one page of at most `pageSize` associations, in the order they were made, with
 * `paging.next.after` only when more remain; the caller sends `{ id, after }` for the next page.
 */
export function readAssociationsRoutes(store: HubSpotEmulatorStore, options: ReadAssociationsOptions = {}): Router {
  const pageSize = options.pageSize ?? ASSOCIATIONS_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`HubSpot emulator: association page size must be a positive integer, not ${pageSize}`);
  const router = Router();
  router.post('/crm/v4/associations/:fromType/:toType/batch/read', (req, res) => {
    const fromType = normalizeObjectType(req.params.fromType);
    const toType = normalizeObjectType(req.params.toType);
    if (!fromType || !toType || !isAssociable(fromType, toType)) {
      return sendValidationError(res, `Unsupported association between ${req.params.fromType} and ${req.params.toType}.`);
    }
    const inputs = associationInputs(asObject(req.body));
    if (!inputs) return sendValidationError(res, 'Invalid input JSON: "inputs" must be a list of { id, after? }.');
    if (inputs.length > MAX_ASSOCIATION_BATCH_INPUTS) return sendValidationError(res, `Batch input limit exceeded: at most ${MAX_ASSOCIATION_BATCH_INPUTS} inputs.`);
    const unique = [...new Map(inputs.map((input) => [`${input.id}\u0000${input.after ?? ''}`, input])).values()];
    const offsets: number[] = [];
    for (const input of unique) {
      const offset = input.after === undefined ? 0 : offsetOf(input.after, input.id);
      if (offset === undefined) return sendValidationError(res, `Invalid "after" paging token for ${SINGULAR[fromType]} ${input.id}: ${input.after}`);
      offsets.push(offset);
    }
    const startedAt = new Date(store.now()).toISOString();

    const results = [];
    const errors = [];
    for (const [index, { id }] of unique.entries()) {
      const links = store.associations(fromType, id, toType);
      if (links.length === 0) {
        errors.push(noAssociationsError(fromType, toType, id));
        continue;
      }
      // A token past the end (links removed since the last page) reads as an empty last page.
      const offset = offsets[index]!;
      const next = offset + pageSize;
      results.push({
        from: { id },
        to: links.slice(offset, next).map((link) => ({
          toObjectId: Number(link.toId),
          associationTypes: associationTypesFor(fromType, toType, link.primary).map((definition) => ({
            category: 'HUBSPOT_DEFINED',
            typeId: definition.typeId,
            label: definition.label,
          })),
        })),
        ...(next < links.length ? { paging: { next: { after: associationsAfterToken(id, next) } } } : {}),
      });
    }
    const answer = { status: 'COMPLETE', results, startedAt, completedAt: new Date(store.now()).toISOString() };
    if (errors.length === 0) return res.json(answer);
    res.status(207).json({ ...answer, numErrors: errors.length, errors });
  });
  return router;
}
