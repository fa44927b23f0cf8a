import express from 'express';
import { portalCss } from '../views/portal-css.js';

/** Static assets: the stylesheet lives at a URL because the CSP forbids inline styles; it carries the business's colour. */
export function assetRoutes(primaryColor?: string): express.Router {
  const router = express.Router();
  const css = portalCss(primaryColor);
  router.get('/assets/portal.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(css);
  });
  return router;
}
