import type { Request, Response } from 'express';
import type { PortalContext } from './portal-context.js';
import type { PageContent } from './views/page-content.js';
import { layout } from './views/layout.js';
import { portalSessionOf } from './require-portal-session.js';
import { navigationFor } from '../src/portal-access/portal-permissions.js';
import { availableModules } from '../src/portal-access/available-modules.js';
import { html } from './views/html.js';
import { PAGE_KINDS, loadStaleSources } from './loaders/load-stale-sources.js';
import { staleNotice } from './views/stale-notice.js';

/**
 * Renders a view in the layout. Portal pages carry a client's data or a live link: never cached.
 * It reads the store (the user's time zone, the modules, stale sources): callers return or await it,
 * so a failed read reaches the router's error page instead of an unhandled rejection.
 */
export async function sendPage(ctx: PortalContext, req: Request, res: Response, status: number, page: PageContent): Promise<void> {
  const session = portalSessionOf(req);
  // Pages showing synced data say so when its source is stale or unhealthy, above everything else.
  const kinds = session && page.navKey ? PAGE_KINDS[page.navKey] : undefined;
  const notice = session && kinds ? staleNotice(await loadStaleSources(ctx.app, session.clientId, kinds, ctx.now(), req)) : null;
  const user = session ? { name: session.name, email: session.email, csrfToken: session.csrfToken, timeZone: session.timeZone } : null;
  const navigation = session ? navigationFor(session.role, session.clientId, await availableModules(ctx.app, req), { billingMessages: ctx.app.config.portal.billingMessages }) : [];
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(
      layout({
        businessName: ctx.app.config.businessName,
        logoUrl: ctx.app.config.portal.logoUrl,
        title: page.title,
        body: notice ? html`${notice}${page.body}` : page.body,
        user,
        navigation,
        navKey: page.navKey,
      }),
    );
}
