import express from 'express';
import { PORTAL_CSS } from '../views/portal-css.js';

/** Static assets: the stylesheet lives at a URL because the CSP forbids inline styles. */
export function assetRoutes(): express.Router {
  const router = express.Router();
  router.get('/assets/portal.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(PORTAL_CSS);
  });
  return router;
}
