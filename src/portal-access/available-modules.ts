import type { AppContext } from '../app/app-context.js';
import type { RecordKind } from '../model/unified-model.js';
import type { Capability } from './portal-permissions.js';
import { readRequestConnections } from './read-request-connections.js';
import { oncePerRequest } from './once-per-request.js';
import { listConnectionRecordKinds } from '../store/records/list-connection-record-kinds.js';

/**
 * The portal's optional modules. A business that connects no accounting provider has no invoices to
 * show, and an empty "Invoices" page would only raise questions: a module is offered only when a
 * connection provides it.
 */
export const PORTAL_MODULES = ['projects', 'invoices', 'payments', 'requests', 'documents', 'quotes'] as const;
export type PortalModule = (typeof PORTAL_MODULES)[number];

const MODULE_KIND: Record<Exclude<PortalModule, 'documents'>, RecordKind> = { projects: 'project', invoices: 'invoice', payments: 'payment', requests: 'request', quotes: 'quote' };

/** Which module a capability belongs to; capabilities not listed belong to none and are never hidden. */
const CAPABILITY_MODULES: Partial<Record<Capability, PortalModule[]>> = {
  view_projects: ['projects'],
  // Approvals also list HubSpot quotes (issue 17): a CRM-only business with quotes has the page too.
  view_approvals: ['projects', 'quotes'],
  view_documents: ['documents'],
  // Uploads go to a project (its page) or, from the Documents page, to the client's company in a CRM that takes files.
  upload_documents: ['projects', 'documents'],
  view_messages: ['projects'],
  view_invoices: ['invoices'],
  download_invoice_pdf: ['invoices'],
  pay_invoice: ['invoices'],
  view_payments: ['payments'],
  view_money_figures: ['invoices', 'payments'],
  view_requests: ['requests'],
  open_request: ['requests'],
};

/**
 * The modules this workspace's connections provide. A connection (not disconnected) provides a
 * module when its connector maps that record kind (`objectTypeForKind`: Xero maps invoices and
 * payments, Asana projects), or, for a provider whose connector is not loaded in this process, when
 * the cache already holds records of that kind from it. A handful of indexed lookups, answered
 * once per `request`: cheap enough not to cache longer, so
 * connecting a provider shows its module on the next click.
 */
export function availableModules(app: AppContext, request?: object): Promise<ReadonlySet<PortalModule>> {
  return findModulesOnce(request, app);
}

/** One answer per request: a page asks up to three times (capability check, figures, navigation). */
const findModulesOnce = oncePerRequest((request, app: AppContext) => findModules(app, request));

async function findModules(app: AppContext, request?: object): Promise<ReadonlySet<PortalModule>> {
  const found = new Set<PortalModule>();
  const connections = await readRequestConnections(app, request);
  // What the connectors declare decides most modules; the rest are asked of the cache in one statement.
  const probes: { connectionId: number; kind: string; module: PortalModule }[] = [];
  for (const connection of connections) {
    const connector = app.connectors.has(connection.provider) ? app.connectors.get(connection.provider) : undefined;
    // A CRM that can take requests offers the module even before it syncs any (issue 16).
    const declared = { ...connector?.objectTypeForKind, ...(connector?.writes?.createRequest ? { request: 'writes' } : {}) };
    // Documents: a connector that lists files (Asana attachments, Xero invoice attachments, Salesforce Files),
    // or a CRM that takes the client's uploads on their company (HubSpot).
    if (connector?.documents || connector?.writes?.uploadDocument?.anchorKinds?.includes('company')) found.add('documents');
    for (const module of PORTAL_MODULES) {
      if (module === 'documents') continue;
      const kind = MODULE_KIND[module];
      // Quotes count only once some are synced: every HubSpot connection maps them, few businesses send them.
      if (declared[kind] && kind !== 'quote') found.add(module);
      else probes.push({ connectionId: connection.id, kind, module });
    }
  }
  const open = probes.filter((probe) => !found.has(probe.module));
  const held = await listConnectionRecordKinds(app.store.db, open);
  for (const probe of open) if (held.has(`${probe.connectionId}:${probe.kind}`)) found.add(probe.module);
  return found;
}

/** Whether a capability's module (if it has one) is provided; money figures need invoices or payments. */
export function moduleAllows(capability: Capability, modules: ReadonlySet<PortalModule>): boolean {
  const needed = CAPABILITY_MODULES[capability];
  return !needed || needed.some((module) => modules.has(module));
}
