import { Router } from 'express';
import type { HubSpotEmulatorStore, HubSpotOwner } from './emulator-store.js';
import { sendHubSpotError, sendValidationError } from './hubspot-errors.js';
import { asString } from './request-values.js';

const DEFAULT_OWNERS_LIMIT = 100;
const MAX_OWNERS_LIMIT = 500;

/** HubSpot adds these to every owner; the SDK's PublicOwner model reads them. */
function ownerView(owner: HubSpotOwner) {
  return { ...owner, userIdIncludingInactive: owner.userId, type: 'PERSON', teams: [] };
}

/** GET /crm/v3/owners (paged by an offset cursor, optional email filter) and GET /crm/v3/owners/{ownerId}. */
export function readOwnersRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();
  router.get('/crm/v3/owners', (req, res) => {
    const limit = req.query.limit === undefined ? DEFAULT_OWNERS_LIMIT : Number(asString(req.query.limit));
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_OWNERS_LIMIT) return sendValidationError(res, `limit must be between 1 and ${MAX_OWNERS_LIMIT}`);
    const afterText = asString(req.query.after) ?? '0';
    if (!/^\d+$/.test(afterText)) return sendValidationError(res, `Invalid after: ${afterText}`);
    const email = asString(req.query.email)?.toLowerCase();
    // Nobody is archived in the emulator, so an archived listing is empty.
    const owners = asString(req.query.archived) === 'true' ? [] : store.owners.filter((owner) => !email || owner.email.toLowerCase() === email);
    const after = Number(afterText);
    const next = after + limit;
    res.json({
      results: owners.slice(after, next).map(ownerView),
      ...(next < owners.length ? { paging: { next: { after: String(next), link: `?after=${next}` } } } : {}),
    });
  });
  router.get('/crm/v3/owners/:ownerId', (req, res) => {
    const byUserId = asString(req.query.idProperty) === 'userId';
    const owner = store.owners.find((candidate) => (byUserId ? String(candidate.userId) : candidate.id) === req.params.ownerId);
    if (!owner || asString(req.query.archived) === 'true') return sendHubSpotError(res, 404, `Unable to find owner with ${byUserId ? 'userId' : 'id'} ${req.params.ownerId}`, 'OBJECT_NOT_FOUND');
    res.json(ownerView(owner));
  });
  return router;
}
