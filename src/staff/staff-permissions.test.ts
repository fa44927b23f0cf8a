import { describe, expect, it } from 'vitest';
import { isStaffRole, STAFF_CAPABILITIES, STAFF_ROLES, staffCan, type StaffCapability, type StaffRole } from './staff-permissions.js';

/** The whole matrix, written out: a change to a grant must change this table. */
const EXPECTED: Record<StaffRole, StaffCapability[]> = {
  owner: ['view_console', 'view_as_client', 'manage_connections', 'purge_connection_data', 'run_syncs', 'manage_dead_letters', 'manage_links', 'merge_clients', 'manage_invitations'],
  operator: ['view_console', 'view_as_client', 'run_syncs', 'manage_dead_letters', 'manage_links', 'manage_invitations'],
  viewer: ['view_console', 'view_as_client'],
};

describe('staff permissions', () => {
  for (const role of STAFF_ROLES) {
    for (const capability of STAFF_CAPABILITIES) {
      const granted = EXPECTED[role].includes(capability);
      it(`${role} ${granted ? 'may' : 'may not'} ${capability}`, () => {
        expect(staffCan(role, capability)).toBe(granted);
      });
    }
  }

  it('gives a viewer nothing that changes anything', () => {
    expect(STAFF_CAPABILITIES.filter((c) => staffCan('viewer', c)).every((c) => c.startsWith('view_'))).toBe(true);
  });

  it('fails closed for unknown roles, portal roles included', () => {
    for (const role of ['admin', 'client_admin', 'member', '', 'OWNER']) {
      expect(isStaffRole(role)).toBe(false);
      for (const capability of STAFF_CAPABILITIES) expect(staffCan(role, capability)).toBe(false);
    }
  });
});
