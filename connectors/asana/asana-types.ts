/** The parts of Asana's documented task and project payloads the hub reads (snake_case, as the API sends them). */
export interface AsanaCompact {
  gid: string;
  name?: string | null;
  resource_type?: string;
  /** A user's email (asked for as `assignee.email`): tells the client's people from the business's. */
  email?: string | null;
}

export interface AsanaCustomField {
  gid?: string;
  name?: string | null;
  resource_subtype?: string | null;
  enabled?: boolean;
  display_value?: string | null;
  enum_value?: { gid?: string; name?: string | null; enabled?: boolean } | null;
  multi_enum_values?: { name?: string | null }[] | null;
  text_value?: string | null;
  number_value?: number | null;
  date_value?: { date?: string | null; date_time?: string | null } | null;
  people_value?: unknown[] | null;
  reference_value?: unknown[] | null;
}

export interface AsanaTask {
  gid: string;
  resource_type?: string;
  name?: string | null;
  resource_subtype?: string | null;
  completed?: boolean;
  completed_at?: string | null;
  due_on?: string | null;
  due_at?: string | null;
  modified_at?: string | null;
  assignee?: AsanaCompact | null;
  /** Approval tasks only (resource_subtype approval): pending, approved, rejected, changes_requested. */
  approval_status?: string | null;
  memberships?: { project?: Partial<AsanaCompact> | null; section?: Partial<AsanaCompact> | null }[] | null;
  tags?: Partial<AsanaCompact>[] | null;
  custom_fields?: AsanaCustomField[] | null;
}

export interface AsanaProject {
  gid: string;
  resource_type?: string;
  name?: string | null;
  archived?: boolean;
  completed?: boolean;
  due_on?: string | null;
  due_date?: string | null;
  modified_at?: string | null;
  owner?: AsanaCompact | null;
  /** Legacy status (still sent): colour green/yellow/red/blue/complete. */
  current_status?: { color?: string | null; text?: string | null; title?: string | null } | null;
  /** Current status update: status_type on_track/at_risk/off_track/on_hold/complete/achieved/partial/missed/dropped. */
  current_status_update?: { status_type?: string | null; text?: string | null; title?: string | null } | null;
  /**
   * Not an Asana field: the hub attaches GET /projects/{gid}/task_counts here when it could read it,
   * so the raw payload alone re-maps to the same percent complete.
   */
  clienthub_task_counts?: { num_tasks?: number; num_completed_tasks?: number } | null;
}

export function asAsanaObject<T extends { gid: string }>(raw: unknown, type: string): T {
  if (!raw || typeof raw !== 'object' || typeof (raw as { gid?: unknown }).gid !== 'string') throw new Error(`Not an Asana ${type}: expected { gid, ... }`);
  return raw as T;
}

/** Asana times are ISO 8601 UTC; null when absent or unreadable. */
export function asanaMillis(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
