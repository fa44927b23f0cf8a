import type { AppContext } from '../src/app/app-context.js';

/** What every portal route needs: the app, and a clock tests can move to expire sessions. */
export interface PortalContext {
  app: AppContext;
  now(): number;
}
