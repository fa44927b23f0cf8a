import { Router } from 'express';
import { CRM_OBJECT_TYPES, SINGULAR, normalizeObjectType } from './crm-object-types.js';
import type { CrmObjectType } from './crm-object-types.js';
import type { CrmRecord, HubSpotEmulatorStore } from './emulator-store.js';
import { sleep } from './emulator-faults.js';
import type { EmulatorFaults } from './emulator-faults.js';
import { sendHubSpotError, sendValidationError } from './hubspot-errors.js';
import { associationsView, objectView } from './object-views.js';
import { asArray, asObject, asString, inputIds, queryList } from './request-values.js';

/** HubSpot's cap on ids per batch read of CRM objects. */
export const MAX_BATCH_READ_INPUTS = 100;

export function readObjectsRoutes(store: HubSpotEmulatorStore, faults: EmulatorFaults): Router {
  const router = Router();

  router.get('/crm/v3/objects/:objectType/:objectId', async (req, res) => {
    const type = normalizeObjectType(req.params.objectType);
    if (!type) return sendValidationError(res, `Unable to infer object type from: ${req.params.objectType}`);
    const idProperty = asString(req.query.idProperty);
    const record = lookUp(store, type, req.params.objectId, idProperty);
    await sleep(faults.delayOf(type, [record?.id ?? req.params.objectId]));
    if (!record) return sendHubSpotError(res, 404, 'Object not found.  objectId are usually numeric.', 'OBJECT_NOT_FOUND');
    const toTypes = queryList(req.query.associations)
      .map(normalizeObjectType)
      .filter((toType): toType is CrmObjectType => toType !== null && CRM_OBJECT_TYPES.includes(toType));
    const associations = associationsView(store, type, record.id, toTypes);
    res.json({ ...objectView(type, record, queryList(req.query.properties)), ...(associations ? { associations } : {}) });
  });

  router.post('/crm/v3/objects/:objectType/batch/read', async (req, res) => {
    const type = normalizeObjectType(req.params.objectType);
    if (!type) return sendValidationError(res, `Unable to infer object type from: ${req.params.objectType}`);
    const body = asObject(req.body);
    const ids = inputIds(body);
    if (!ids) return sendValidationError(res, 'Invalid input JSON: "inputs" must be a list of { id }.');
    if (ids.length > MAX_BATCH_READ_INPUTS) return sendValidationError(res, `Batch input limit exceeded: at most ${MAX_BATCH_READ_INPUTS} inputs, got ${ids.length}.`);
    const startedAt = new Date(store.now()).toISOString();
    const idProperty = asString(body?.idProperty);
    const properties = asArray(body?.properties).map(asString).filter((name): name is string => name !== undefined && name !== '');

    const found = new Map<string, CrmRecord>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const record = lookUp(store, type, id, idProperty);
      if (record) found.set(record.id, record);
      else missing.push(id);
    }
    await sleep(faults.delayOf(type, [...found.keys(), ...missing]));
    const answer = {
      status: 'COMPLETE',
      results: [...found.values()].map((record) => objectView(type, record, properties)),
      startedAt,
      completedAt: new Date(store.now()).toISOString(),
    };
    if (missing.length === 0) return res.json(answer);
    // Partial success is a 207 whose status stays COMPLETE; the SDK reads it as a result, not an error.
    res.status(207).json({
      ...answer,
      numErrors: 1,
      errors: [
        {
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message: `Could not get some ${SINGULAR[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
          context: { ids: missing },
        },
      ],
    });
  });

  return router;
}

function lookUp(store: HubSpotEmulatorStore, type: CrmObjectType, id: string, idProperty: string | undefined): CrmRecord | undefined {
  // A ticket has no unique property of HubSpot's own: only one defined with hasUniqueValue identifies it.
  if (type === 'tickets' && idProperty && idProperty !== 'hs_object_id' && !store.propertyDefinitions.get(`tickets:${idProperty}`)?.hasUniqueValue) {
    throw Object.assign(new Error(`${idProperty} is not a unique property of tickets`), { status: 400 });
  }
  return idProperty && idProperty !== 'hs_object_id' ? store.findByProperty(type, idProperty, id) : store.get(type, id);
}
