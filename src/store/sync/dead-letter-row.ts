import type { Selectable } from 'kysely';
import type { DeadLetters } from '../schema.js';

export interface DeadLetterInput {
  workspaceId: number;
  connectionId: number | null;
  provider: string;
  objectType: string;
  externalId: string | null;
  stage: 'mapping' | 'processing';
  reason: string;
  payload: unknown;
  sourceUpdatedAt: number | null;
}

export interface DeadLetter extends DeadLetterInput {
  id: number;
  status: 'open' | 'replayed' | 'discarded';
  createdAt: number;
  resolvedAt: number | null;
  note: string | null;
}

export function toDeadLetter(row: Selectable<DeadLetters>): DeadLetter {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    connectionId: row.connection_id,
    provider: row.provider,
    objectType: row.object_type,
    externalId: row.external_id,
    stage: row.stage as DeadLetter['stage'],
    reason: row.reason,
    payload: JSON.parse(row.payload),
    sourceUpdatedAt: row.source_updated_at,
    status: row.status as DeadLetter['status'],
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    note: row.note,
  };
}
