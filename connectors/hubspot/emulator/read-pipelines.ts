import { Router } from 'express';
import { normalizeObjectType } from './crm-object-types.js';
import type { HubSpotEmulatorStore } from './emulator-store.js';
import { sendHubSpotError, sendValidationError } from './hubspot-errors.js';

/** GET /crm/v3/pipelines/deals|tickets (and one pipeline by id). */
export function readPipelinesRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();
  router.get('/crm/v3/pipelines/:objectType', (req, res) => {
    const type = normalizeObjectType(req.params.objectType);
    if (!type) return sendValidationError(res, `Unable to infer object type from: ${req.params.objectType}`);
    res.json({ results: type === 'deals' ? store.pipelines : type === 'tickets' ? store.ticketPipelines : [] });
  });
  router.get('/crm/v3/pipelines/:objectType/:pipelineId', (req, res) => {
    const type = normalizeObjectType(req.params.objectType);
    const pipeline = type === 'deals' ? store.pipeline(req.params.pipelineId) : type === 'tickets' ? store.ticketPipelines.find((p) => p.id === req.params.pipelineId) : undefined;
    if (!pipeline) return sendHubSpotError(res, 404, `Unable to find pipeline ${req.params.pipelineId}`, 'OBJECT_NOT_FOUND');
    res.json(pipeline);
  });
  return router;
}
