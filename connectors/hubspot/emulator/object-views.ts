import { ALWAYS_RETURNED, DEFAULT_PROPERTIES } from './crm-object-types.js';
import type { CrmObjectType } from './crm-object-types.js';
import { associationTypesFor } from './association-types.js';
import type { CrmRecord, HubSpotEmulatorStore, PropertyValues } from './emulator-store.js';

/** A record as the v3 object endpoints return it (SimplePublicObject). */
export interface ObjectView {
  id: string;
  properties: PropertyValues;
  createdAt: string;
  updatedAt: string;
  archived: false;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

/** HubSpot returns its defaults when no property is named, and always adds id and the two dates. */
export function propertiesToReturn(type: CrmObjectType, requested: readonly string[]): string[] {
  if (requested.length === 0) return [...DEFAULT_PROPERTIES[type]];
  return [...new Set([...requested, ...ALWAYS_RETURNED[type]])];
}

export function objectView(type: CrmObjectType, record: CrmRecord, requested: readonly string[]): ObjectView {
  const properties: PropertyValues = {};
  // A named property without a value still comes back, as null.
  for (const name of propertiesToReturn(type, requested)) properties[name] = record.properties[name] ?? null;
  return { id: record.id, properties, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: false };
}

/**
 * The v3 `associations` block of a single-object read. A primary company appears twice (as
 * `deal_to_company` and `deal_to_company_unlabeled`), as in HubSpot; types without links are left out.
 */
export function associationsView(store: HubSpotEmulatorStore, type: CrmObjectType, id: string, toTypes: readonly CrmObjectType[]): ObjectView['associations'] {
  const view: NonNullable<ObjectView['associations']> = {};
  for (const toType of toTypes) {
    const results = store
      .associations(type, id, toType)
      .flatMap((link) => associationTypesFor(type, toType, link.primary).map((definition) => ({ id: link.toId, type: definition.name })));
    if (results.length > 0) view[toType] = { results };
  }
  return Object.keys(view).length > 0 ? view : undefined;
}
