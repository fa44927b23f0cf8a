import type { Queryable } from '../store.js';

export interface WebhookCandidateConnection {
  id: number;
  status: string;
  settings: Record<string, unknown>;
  /** The settings as stored, to change them only if nobody did meanwhile (updateConnectionSettingsIfUnchanged). */
  settingsJson: string;
}

/** A provider's connections that are not disconnected, with their settings: the ones a delivery may belong to. */
export async function listProviderConnections(q: Queryable, provider: string): Promise<WebhookCandidateConnection[]> {
  const rows = await q.selectFrom('connections').select(['id', 'status', 'settings']).where('provider', '=', provider).where('status', '<>', 'disconnected').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, status: row.status, settings: JSON.parse(row.settings) as Record<string, unknown>, settingsJson: row.settings }));
}
