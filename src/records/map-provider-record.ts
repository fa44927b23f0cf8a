import type { MappingContext, ObjectMapping } from '../connector-kit/connector.js';
import { recordSchemas } from '../model/unified-model.js';
import { applyMappingOverrides } from './apply-mapping-overrides.js';

/**
 * One provider payload → its unified record: the code mapping, then the workspace's overrides,
 * then the model's schema. Throws with a readable reason (which becomes a dead letter's) when the
 * payload does not fit. The one path for syncs and for re-mapping stored payloads.
 */
export function mapProviderRecord(mapping: ObjectMapping, raw: unknown, context: MappingContext): unknown {
  const mapped = applyMappingOverrides(mapping.map(raw, context) as Record<string, unknown>, raw, context.config, mapping.provider, mapping.objectType);
  const parsed = recordSchemas[mapping.kind].safeParse(mapped);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  return parsed.data;
}
