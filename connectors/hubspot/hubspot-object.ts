/** The v3 CRM object shape HubSpot returns from search, get and batch read. */
export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  associations?: Record<string, { results: { id: string; type?: string }[] }>;
}

export function asHubSpotObject(raw: unknown): HubSpotObject {
  if (!raw || typeof raw !== 'object' || typeof (raw as HubSpotObject).id !== 'string' || typeof (raw as HubSpotObject).properties !== 'object') {
    throw new Error('Not a HubSpot CRM object: expected { id, properties }');
  }
  return raw as HubSpotObject;
}

/** A property as a trimmed string, or null when HubSpot sent nothing or an empty value. */
export function prop(object: HubSpotObject, name: string): string | null {
  const value = object.properties[name];
  if (value == null) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

export function associatedIds(object: HubSpotObject, toType: string): string[] {
  const ids = object.associations?.[toType]?.results?.map((r) => String(r.id)) ?? [];
  return [...new Set(ids)];
}

/** HubSpot dates come as ISO strings or epoch milliseconds; the model keeps ISO dates. */
export function isoDay(value: string | null): string | null {
  if (!value) return null;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`Unreadable date "${value}"`);
  return new Date(ms).toISOString().slice(0, 10);
}
