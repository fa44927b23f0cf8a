import express from 'express';
import { portalCss } from '../views/portal-css.js';
import { PORTAL_SCRIPT } from '../views/portal-script.js';

/** Static assets: the stylesheet lives at a URL because the CSP forbids inline styles; it carries the business's colour. */
export function assetRoutes(primaryColor?: string): express.Router {
  const router = express.Router();
  const css = portalCss(primaryColor);
  router.get('/assets/portal.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=3600').send(css);
  });
  // The portal works without script; this one file only adds comfort (see portal-script.ts).
  router.get('/assets/portal.js', (_req, res) => {
    res.type('js').set('Cache-Control', 'public, max-age=3600').send(PORTAL_SCRIPT);
  });
  return router;
}
