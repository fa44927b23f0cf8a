import type { Request, Response } from 'express';
import type { StaffContext } from './staff-context.js';
import type { PageContent } from '../views/page-content.js';
import { staffLayout } from './views/staff-layout.js';
import { staffSessionOf } from './staff-session.js';

/** Renders a console view in the console's frame; never cached (live data, CSRF tokens). */
export function sendStaffPage(ctx: StaffContext, req: Request, res: Response, status: number, page: PageContent & { refreshSeconds?: number }): void {
  const session = staffSessionOf(req);
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(
      staffLayout({
        businessName: ctx.app.config.businessName,
        title: page.title,
        body: page.body,
        navKey: page.navKey,
        refreshSeconds: page.refreshSeconds,
        staff: session ? { name: session.name, email: session.email, role: session.role, csrfToken: session.csrfToken } : null,
      }),
    );
}
