/**
 * The Pipedrive objects the hub reads, as the API returns them (v2 for organizations, persons and
 * deals; v1 for users), and the few readers the connector and the mappings share.
 */

export interface PipedriveOrganization {
  id: number;
  name?: string | null;
  owner_id?: number | null;
  add_time?: string | null;
  update_time?: string | null;
  is_deleted?: boolean;
  website?: string | null;
  address?: { value?: string | null; locality?: string | null; country?: string | null } | null;
  custom_fields?: Record<string, unknown>;
}

export interface PipedriveContactPoint {
  value?: string | null;
  primary?: boolean;
  label?: string | null;
}

export interface PipedrivePerson {
  id: number;
  name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  owner_id?: number | null;
  org_id?: number | null;
  add_time?: string | null;
  update_time?: string | null;
  emails?: PipedriveContactPoint[];
  phones?: PipedriveContactPoint[];
  is_deleted?: boolean;
  job_title?: string | null;
  /** With include_fields=marketing_status: subscribed, unsubscribed, no_consent, archived. */
  marketing_status?: string | null;
  custom_fields?: Record<string, unknown>;
}

export interface PipedriveDeal {
  id: number;
  title?: string | null;
  owner_id?: number | null;
  person_id?: number | null;
  org_id?: number | null;
  pipeline_id?: number | null;
  stage_id?: number | null;
  value?: number | null;
  currency?: string | null;
  add_time?: string | null;
  update_time?: string | null;
  is_deleted?: boolean;
  status?: 'open' | 'won' | 'lost' | 'deleted' | string;
  won_time?: string | null;
  close_time?: string | null;
  expected_close_date?: string | null;
  /** With include_fields=participants_count: the persons taking part, the deal's own person among them. */
  participants_count?: number;
  custom_fields?: Record<string, unknown>;
  /**
   * Added by the hub, not Pipedrive: the persons taking part in a won deal (v1 participants, which
   * include the deal's own person), so everyone the business sold to gets a portal invitation.
   */
  participant_person_ids?: number[];
}

export interface PipedriveUser {
  id: number;
  name?: string | null;
  email?: string | null;
  active_flag?: boolean;
  is_deleted?: boolean;
  modified?: string | null;
  created?: string | null;
}

export type ListedObjectType = 'organizations' | 'persons' | 'deals';
export const LISTED_OBJECT_TYPES: readonly ListedObjectType[] = ['organizations', 'persons', 'deals'];

export function isListedObjectType(objectType: string): objectType is ListedObjectType {
  return (LISTED_OBJECT_TYPES as readonly string[]).includes(objectType);
}

/** Pipedrive times: v2 sends RFC 3339 ("2026-11-20T10:00:00Z"), v1 "2026-11-20 10:00:00" in UTC. */
export function toMillis(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** RFC 3339 without milliseconds, as Pipedrive's updated_since expects it. */
export function toPipedriveTime(ms: number): string {
  return new Date(Math.max(0, Math.floor(ms / 1000) * 1000)).toISOString().replace('.000Z', 'Z');
}

export function asPipedriveObject<T extends { id: number }>(raw: unknown, what: string): T {
  if (!raw || typeof raw !== 'object' || typeof (raw as { id?: unknown }).id !== 'number') throw new Error(`Not a Pipedrive ${what}: expected { id: number }`);
  return raw as T;
}

/** A value as trimmed text, or null when Pipedrive sent nothing or an empty value. */
export function text(value: unknown): string | null {
  if (value == null) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

/** The primary entry of an emails/phones array, else the first with a value. */
export function primaryValue(points: PipedriveContactPoint[] | undefined): string | null {
  const usable = (points ?? []).filter((point) => text(point.value) !== null);
  return text((usable.find((point) => point.primary) ?? usable[0])?.value);
}
