import type { Selectable } from 'kysely';
import type { Records } from '../schema.js';

/** The columns of a record the portal reads: its data and where it came from (never `raw`). */
export type ClientRecordRow = Pick<Selectable<Records>, 'id' | 'connection_id' | 'provider' | 'external_id' | 'synced_at' | 'version' | 'data'>;

export const CLIENT_RECORD_COLUMNS = ['id', 'connection_id', 'provider', 'external_id', 'synced_at', 'version', 'data'] as const;
