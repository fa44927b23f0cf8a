import type { Connection } from '../../connections/connection-repository.js';
import type { Queryable } from '../store.js';
import { CONNECTION_COLUMNS, toConnection } from './connection-row.js';

export interface ConnectionUpsert {
  workspaceId: number;
  provider: string;
  label: string;
  authType: 'token' | 'oauth';
  /** Already sealed by the keyring: this repository never sees a credential in clear. */
  credentialsSealed: string;
  settings: Record<string, unknown>;
}

/**
 * Creates the connection (workspace, provider, label) or replaces its credentials and settings;
 * a disconnected one becomes active again, an unhealthy one stays unhealthy.
 */
export async function upsertConnection(q: Queryable, input: ConnectionUpsert, now = Date.now()): Promise<Connection> {
  const row = await q
    .insertInto('connections')
    .values({
      workspace_id: input.workspaceId,
      provider: input.provider,
      label: input.label,
      auth_type: input.authType,
      credentials_sealed: input.credentialsSealed,
      settings: JSON.stringify(input.settings),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'provider', 'label']).doUpdateSet((eb) => ({
        auth_type: eb.ref('excluded.auth_type'),
        credentials_sealed: eb.ref('excluded.credentials_sealed'),
        settings: eb.ref('excluded.settings'),
        updated_at: eb.ref('excluded.updated_at'),
        status: eb.case().when('connections.status', '=', 'disconnected').then('active').else(eb.ref('connections.status')).end(),
      })),
    )
    .returning(CONNECTION_COLUMNS)
    .executeTakeFirstOrThrow();
  return toConnection(row);
}
