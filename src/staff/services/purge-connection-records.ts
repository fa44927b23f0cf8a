import type { Db } from '../../db/open-database.js';

/**
 * Deletes what a connection synced: its records and everything that points at them (change
 * history, identity links and reviews, invoice matches, client sources, provisioning markers, dead letters,
 * cursors). Clients, portal users and the audit log stay: they are the business's, not the
 * provider's. Runs inside the caller's transaction; returns how many records went.
 */
export function purgeConnectionRecords(db: Db, connectionId: number): number {
  const ofConnection = 'SELECT id FROM records WHERE connection_id = ?';
  db.prepare(`DELETE FROM record_changes WHERE record_id IN (${ofConnection})`).run(connectionId);
  db.prepare(`DELETE FROM record_links WHERE record_id IN (${ofConnection})`).run(connectionId);
  db.prepare(`DELETE FROM link_reviews WHERE record_id IN (${ofConnection})`).run(connectionId);
  db.prepare(`DELETE FROM client_sources WHERE record_id IN (${ofConnection})`).run(connectionId);
  db.prepare(`DELETE FROM provisionings WHERE deal_record_id IN (${ofConnection})`).run(connectionId);
  db.prepare(`UPDATE portal_users SET contact_record_id = NULL WHERE contact_record_id IN (${ofConnection})`).run(connectionId);
  // Invoice matches (src/billing): a group losing a copy is dissolved; the copies left are matched
  // again at their next sync. Decisions and reviews about a purged invoice go with it.
  db.prepare(`DELETE FROM invoice_matches WHERE group_id IN (SELECT group_id FROM invoice_matches WHERE record_id IN (${ofConnection}))`).run(connectionId);
  db.prepare(`DELETE FROM invoice_match_decisions WHERE record_a IN (${ofConnection}) OR record_b IN (${ofConnection})`).run(connectionId, connectionId);
  db.prepare(`DELETE FROM invoice_match_reviews WHERE record_a IN (${ofConnection}) OR record_b IN (${ofConnection})`).run(connectionId, connectionId);
  const deleted = db.prepare('DELETE FROM records WHERE connection_id = ?').run(connectionId).changes;
  db.prepare('DELETE FROM dead_letters WHERE connection_id = ?').run(connectionId);
  db.prepare('DELETE FROM sync_cursors WHERE connection_id = ?').run(connectionId);
  return deleted;
}
