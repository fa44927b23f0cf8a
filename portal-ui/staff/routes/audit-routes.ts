import express from 'express';
import type { StaffContext } from '../staff-context.js';
import { sendStaffPage } from '../send-staff-page.js';
import { parseId } from '../../parse-id.js';
import { auditPage } from '../views/audit-page.js';
import { queryAuditLog } from '../../../src/staff/read/query-audit-log.js';
import { loadClientChoices } from '../loaders/load-clients.js';

export const AUDIT_PAGE_SIZE = 50;
const DAY_MS = 24 * 3600_000;

/** A UTC calendar day (yyyy-mm-dd) as ms, or undefined for anything else. */
export function parseDay(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const at = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(at) ? undefined : at;
}

export function auditRoutes(ctx: StaffContext): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.get('/audit', async (req, res) => {
    const text = (name: string) => (typeof req.query[name] === 'string' ? String(req.query[name]).slice(0, 200) : '');
    const query = { actor: text('actor'), action: text('action'), client: text('client'), from: text('from'), to: text('to') };
    const page = parseId(req.query.page) ?? 1;
    const to = parseDay(query.to);
    const result = await queryAuditLog(app.store.db, app.workspaceId, {
      actor: query.actor || undefined,
      action: query.action || undefined,
      clientId: parseId(query.client) ?? undefined,
      from: parseDay(query.from),
      to: to === undefined ? undefined : to + DAY_MS,
      page,
      pageSize: AUDIT_PAGE_SIZE,
    });
    const clients = await loadClientChoices(app.store.db, app.workspaceId);
    sendStaffPage(ctx, req, res, 200, auditPage({ ...result, page, query, clients }));
  });
  return router;
}
