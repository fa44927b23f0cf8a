import express from 'express';
import type { AppContext } from '../app/app-context.js';
import { completeOAuth, OAuthStateError } from '../connections/complete-oauth.js';
import { escapeHtml } from './escape-html.js';
import { completeStaffOAuth, oauthStateStarter } from '../staff/complete-staff-oauth.js';
import { createErrorHandler } from './create-error-handler.js';

/** GET /oauth/<provider>/callback: where a provider sends the staff member back after they approve access. */
export function createOAuthRouter(app: AppContext): express.Router {
  const router = express.Router();
  router.get('/oauth/:provider/callback', async (req, res) => {
    const provider = String(req.params.provider);
    const page = (status: number, title: string, text: string) =>
      res
        .status(status)
        .type('html')
        .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`);
    if (!app.connectors.has(provider)) return page(404, 'Not found', 'There is nothing here.');
    const { code, state, error, error_description: description } = req.query as Record<string, string | undefined>;
    if (error) return page(400, 'Connection refused', `The provider said: ${description ?? error}`);
    if (!code || !state) return page(400, 'Connection failed', 'The provider did not send back a code and state.');
    const callbackParams = Object.fromEntries(Object.entries(req.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    // A connect started in the staff console finishes there, in the same staff member's session.
    const staffUserId = await oauthStateStarter(app, provider, state);
    if (staffUserId !== null) return completeStaffOAuth(app, req, res, { provider, code, state, callbackParams, staffUserId });
    try {
      const connection = await completeOAuth(app, provider, { code, state, callbackParams });
      await app.jobs.enqueue('scheduler.tick', {}, { dedupeKey: 'scheduler.tick' });
      app.logger.info('connection connected by OAuth', { provider, connectionId: connection.id });
      return page(200, 'Connected', `${app.connectors.get(provider).displayName} is connected. The first sync has started.`);
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : String(caught);
      app.logger.warn('OAuth callback failed', { provider, error: message });
      return page(caught instanceof OAuthStateError ? 400 : 502, 'Connection failed', message);
    }
  });
  router.use('/oauth', createErrorHandler(app.logger, 'OAuth callback', 'html'));
  return router;
}
