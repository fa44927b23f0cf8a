import type { AppContext } from '../../src/app/app-context.js';

/** What every console route needs: the app, and a clock tests can move. */
export interface StaffContext {
  app: AppContext;
  now(): number;
}
