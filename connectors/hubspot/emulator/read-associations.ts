import { Router } from 'express';
import { SINGULAR, normalizeObjectType } from './crm-object-types.js';
import type { HubSpotEmulatorStore } from './emulator-store.js';
import { associationTypesFor, isAssociable } from './association-types.js';
import { sendValidationError } from './hubspot-errors.js';
import { asObject, inputIds } from './request-values.js';

export const MAX_ASSOCIATION_BATCH_INPUTS = 1000;

/** POST /crm/v4/associations/{fromType}/{toType}/batch/read (the SDK's `associations.v4.batchApi.getPage`). */
export function readAssociationsRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();
  router.post('/crm/v4/associations/:fromType/:toType/batch/read', (req, res) => {
    const fromType = normalizeObjectType(req.params.fromType);
    const toType = normalizeObjectType(req.params.toType);
    if (!fromType || !toType || !isAssociable(fromType, toType)) {
      return sendValidationError(res, `Unsupported association between ${req.params.fromType} and ${req.params.toType}.`);
    }
    const ids = inputIds(asObject(req.body));
    if (!ids) return sendValidationError(res, 'Invalid input JSON: "inputs" must be a list of { id }.');
    if (ids.length > MAX_ASSOCIATION_BATCH_INPUTS) return sendValidationError(res, `Batch input limit exceeded: at most ${MAX_ASSOCIATION_BATCH_INPUTS} inputs.`);
    const startedAt = new Date(store.now()).toISOString();

    const results = [];
    const errors = [];
    for (const id of new Set(ids)) {
      const links = store.associations(fromType, id, toType);
      if (links.length === 0) {
        // HubSpot reports a record without links as an error of a 207, not as an empty `to`.
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No ${SINGULAR[toType]} is associated with ${SINGULAR[fromType]} ${id}.`,
          context: { fromObjectId: [id], fromObjectType: [SINGULAR[fromType].toUpperCase()], toObjectType: [SINGULAR[toType].toUpperCase()] },
        });
        continue;
      }
      results.push({
        from: { id },
        to: links.map((link) => ({
          toObjectId: Number(link.toId),
          associationTypes: associationTypesFor(fromType, toType, link.primary).map((definition) => ({
            category: 'HUBSPOT_DEFINED',
            typeId: definition.typeId,
            label: definition.label,
          })),
        })),
      });
    }
    const answer = { status: 'COMPLETE', results, startedAt, completedAt: new Date(store.now()).toISOString() };
    if (errors.length === 0) return res.json(answer);
    res.status(207).json({ ...answer, numErrors: errors.length, errors });
  });
  return router;
}
