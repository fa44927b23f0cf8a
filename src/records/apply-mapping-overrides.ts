import type { AppConfig } from '../config/load-config.js';
import { readFieldPath } from '../identity/read-field-path.js';

/**
 * A workspace's mapping overrides (config `mappings.<provider>.<objectType>`), applied over what
 * the code mapping produced: a field the unified model has is replaced by the configured payload
 * value, coerced to that field's type (a value that cannot be becomes a mapping error, so the
 * record is dead-lettered with the reason rather than stored wrong); any other name is added
 * under `custom`, shown as the config names it.
 */
export function applyMappingOverrides(data: Record<string, unknown>, raw: unknown, config: AppConfig, provider: string, objectType: string): Record<string, unknown> {
  const fields = config.mappingOverrides[provider]?.[objectType];
  if (!fields) return data;
  const out: Record<string, unknown> = { ...data };
  const custom: Record<string, string | null> = { ...((data.custom as Record<string, string | null> | undefined) ?? {}) };
  for (const [field, path] of Object.entries(fields)) {
    const value = readFieldPath(raw, path);
    if (!(field in data) || field === 'custom') {
      custom[field] = value;
      continue;
    }
    const current = data[field];
    if (value === null) out[field] = Array.isArray(current) ? [] : null;
    else if (typeof current === 'number') {
      const number = Number(value);
      if (!Number.isFinite(number)) throw new Error(`mapping override ${provider}.${objectType}.${field} read "${value}" from ${path}, which is not a number`);
      out[field] = number;
    } else if (typeof current === 'boolean') out[field] = /^(true|yes|1|on)$/i.test(value);
    else if (Array.isArray(current)) out[field] = value.split(/[;,]/).map((v) => v.trim()).filter(Boolean);
    else out[field] = value;
  }
  if (Object.keys(custom).length > 0) out.custom = custom;
  return out;
}

/**
 * The top-level payload fields the overrides read, so a connector asks the provider for them
 * (HubSpot returns only the properties requested; SOQL only the fields selected).
 */
export function overrideSourcePaths(config: AppConfig, provider: string, objectType: string): string[] {
  return Object.values(config.mappingOverrides[provider]?.[objectType] ?? {});
}
