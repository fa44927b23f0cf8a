/**
 * A portal user whose invitation was held back because their CRM says they opted out of email:
 * the provider that said so (null for everyone else). Staff see why and may send it anyway.
 */
export const name = 'email-opt-out';

export const sql = `
ALTER TABLE portal_users ADD COLUMN invitation_withheld_by TEXT;
`;
