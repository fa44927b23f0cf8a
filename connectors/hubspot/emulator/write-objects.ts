import { Router } from 'express';
import { DEFAULT_PROPERTIES, normalizeObjectType } from './crm-object-types.js';
import type { CrmObjectType } from './crm-object-types.js';
import type { HubSpotEmulatorStore, PropertyDefinition, PropertyValues } from './emulator-store.js';
import { associationTypeById } from './association-types.js';
import { sendHubSpotError, sendValidationError } from './hubspot-errors.js';
import { objectView } from './object-views.js';
import { asArray, asObject, asString } from './request-values.js';
import { fileManagerOf } from './file-manager.js';

/** Ticket properties HubSpot defines (a subset: the ones the hub and its tests write and read). */
const TICKET_PROPERTIES = new Set([
  ...DEFAULT_PROPERTIES.tickets,
  'hs_ticket_id',
  'hs_lastmodifieddate',
  'hs_object_source',
  'source_type',
  'closed_date',
  'hubspot_owner_id',
]);

/**
 * POST /crm/v3/objects/{objectType} (create one record with its associations, HubSpot's
 * SimplePublicObjectInputForCreate) and the properties API the hub uses to define its hidden
 * marker property: GET /crm/v3/properties/{objectType}/{name}, POST /crm/v3/properties/{objectType}.
 * Tickets are checked as HubSpot checks them: a stage is required, unknown properties are refused,
 * and a value of a unique property another ticket holds is a 409.
 */
export function writeObjectsRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();

  router.post('/crm/v3/objects/:objectType', (req, res) => {
    const type = normalizeObjectType(req.params.objectType);
    if (!type) return sendValidationError(res, `Unable to infer object type from: ${req.params.objectType}`);
    const body = asObject(req.body);
    const raw = asObject(body?.properties);
    if (!raw) return sendValidationError(res, 'Invalid input JSON: "properties" must be an object.');
    const properties: PropertyValues = {};
    for (const [name, value] of Object.entries(raw)) properties[name] = value == null ? null : String(value);
    if (type === 'tickets') {
      const unknown = Object.keys(properties).filter((name) => !TICKET_PROPERTIES.has(name) && !store.propertyDefinitions.has(`${type}:${name}`));
      if (unknown.length > 0) {
        return sendHubSpotError(res, 400, `Property values were not valid: ${unknown.map((name) => `Property "${name}" does not exist`).join(', ')}`, 'VALIDATION_ERROR', { errors: unknown.map((name) => ({ code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [name] } })) });
      }
      if (!properties.hs_pipeline_stage) return sendValidationError(res, 'Property values were not valid: hs_pipeline_stage is required for tickets');
      const pipelineId = properties.hs_pipeline ?? store.ticketPipelines[0]!.id;
      const pipeline = store.ticketPipelines.find((candidate) => candidate.id === pipelineId);
      if (!pipeline) return sendValidationError(res, `Property values were not valid: ${pipelineId} is not a valid pipeline`);
      if (!pipeline.stages.some((stage) => stage.id === properties.hs_pipeline_stage)) return sendValidationError(res, `Property values were not valid: ${properties.hs_pipeline_stage} is not a valid stage of pipeline ${pipelineId}`);
      properties.hs_pipeline = pipelineId;
    }
    // A note's attachments must be files in the account's file manager.
    if (type === 'notes' && properties.hs_attachment_ids) {
      const missing = properties.hs_attachment_ids.split(';').filter((id) => !fileManagerOf(store).files.has(id.trim()));
      if (missing.length > 0) return sendValidationError(res, `Property values were not valid: hs_attachment_ids: file ${missing.join(', ')} does not exist`);
    }
    for (const [name, value] of Object.entries(properties)) {
      const definition = store.propertyDefinitions.get(`${type}:${name}`);
      if (definition?.hasUniqueValue && value && store.findByProperty(type, name, value)) {
        return sendHubSpotError(res, 409, `A ${type.replace(/s$/, '')} with ${name}=${value} already exists.`, 'CONFLICT');
      }
    }
    const links: { toType: CrmObjectType; toId: string; primary: boolean }[] = [];
    for (const association of asArray(body?.associations)) {
      const toId = asString(asObject(asObject(association)?.to)?.id);
      for (const kind of asArray(asObject(association)?.types)) {
        const typeId = Number(asObject(kind)?.associationTypeId);
        const pair = associationTypeById(type, typeId);
        if (!toId || !pair) return sendValidationError(res, `Invalid association: type ${typeId} does not exist for ${type}`);
        if (!store.get(pair.toType, toId)) return sendHubSpotError(res, 400, `Association target ${pair.toType} ${toId} does not exist`, 'VALIDATION_ERROR');
        links.push({ toType: pair.toType, toId, primary: pair.primary });
      }
    }
    const record = store.create(type, properties);
    if (type === 'tickets') record.properties.hs_ticket_id = record.id;
    for (const link of links) store.associate(type, record.id, link.toType, link.toId, { primary: link.primary });
    res.status(201).json(objectView(type, record, Object.keys(record.properties)));
  });

  router.get('/crm/v3/properties/:objectType/:propertyName', (req, res) => {
    const type = normalizeObjectType(req.params.objectType);
    if (!type) return sendValidationError(res, `Unable to infer object type from: ${req.params.objectType}`);
    const definition = store.propertyDefinitions.get(`${type}:${req.params.propertyName}`);
    if (!definition) return sendHubSpotError(res, 404, `Unable to find property ${req.params.propertyName} for object type ${type}`, 'OBJECT_NOT_FOUND');
    res.json(definition);
  });

  router.post('/crm/v3/properties/:objectType', (req, res) => {
    const type = normalizeObjectType(req.params.objectType);
    if (!type) return sendValidationError(res, `Unable to infer object type from: ${req.params.objectType}`);
    const body = asObject(req.body);
    const name = asString(body?.name);
    if (!name || !/^[a-z][a-z0-9_]*$/.test(name)) return sendValidationError(res, 'Property name must be lower case letters, digits and underscores');
    if (store.propertyDefinitions.has(`${type}:${name}`)) return sendHubSpotError(res, 409, `Property ${name} already exists`, 'OBJECT_ALREADY_EXISTS');
    const at = new Date(store.now()).toISOString();
    const definition: PropertyDefinition = {
      name,
      label: asString(body?.label) ?? name,
      type: asString(body?.type) ?? 'string',
      fieldType: asString(body?.fieldType) ?? 'text',
      groupName: asString(body?.groupName) ?? `${type.replace(/s$/, '')}information`,
      description: asString(body?.description) ?? '',
      hasUniqueValue: body?.hasUniqueValue === true,
      hidden: body?.hidden === true,
      formField: body?.formField === true,
      calculated: false,
      externalOptions: false,
      archived: false,
      createdAt: at,
      updatedAt: at,
      options: [],
    };
    store.propertyDefinitions.set(`${type}:${name}`, definition);
    res.status(201).json(definition);
  });

  return router;
}
