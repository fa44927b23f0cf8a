/**
 * Every rule about what a staff role may do in the console, its JSON twin and the CLI, in one place.
 * Routes ask `staffCan(role, capability)`; nothing else decides access by role.
 *
 * - owner: everything, including connecting and disconnecting accounts, purging their data and
 *   merging clients.
 * - operator: day-to-day running: syncs (run now, full resync), dead letters, identity links and
 *   the review queue, portal invitations.
 * - viewer: reads every page (and may look at a client's portal as that client sees it, audited),
 *   changes nothing.
 *
 * Refusals are 403, not the portal's 404: staff already know which pages exist, and a clear
 * "your role cannot do this" is more useful to them than a pretend absence.
 */
export const STAFF_ROLES = ['owner', 'operator', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_CAPABILITIES = [
  'view_console',
  'view_as_client',
  'manage_connections',
  'purge_connection_data',
  'run_syncs',
  'manage_dead_letters',
  'manage_links',
  'merge_clients',
  'manage_invitations',
] as const;
export type StaffCapability = (typeof STAFF_CAPABILITIES)[number];

const READ: StaffCapability[] = ['view_console', 'view_as_client'];
const OPERATE: StaffCapability[] = ['run_syncs', 'manage_dead_letters', 'manage_links', 'manage_invitations'];

const GRANTS: Record<StaffRole, ReadonlySet<StaffCapability>> = {
  owner: new Set<StaffCapability>([...READ, ...OPERATE, 'manage_connections', 'purge_connection_data', 'merge_clients']),
  operator: new Set<StaffCapability>([...READ, ...OPERATE]),
  viewer: new Set<StaffCapability>(READ),
};

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** Unknown roles (a future value in the database) get nothing: fail closed. */
export function staffCan(role: string, capability: StaffCapability): boolean {
  return isStaffRole(role) && GRANTS[role].has(capability);
}

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  owner: 'Owner',
  operator: 'Operator',
  viewer: 'Viewer',
};
