/** Narrowing helpers for JSON bodies and query strings, which arrive untyped. */

export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * A list-valued query parameter. The SDK repeats the key (`properties=a&properties=b`);
 * people write `properties=a,b`; both mean the same to HubSpot.
 */
export function queryList(value: unknown): string[] {
  const parts = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return parts
    .flatMap((part) => (typeof part === 'string' ? part.split(',') : []))
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** `inputs: [{ id }]` of batch bodies; ids may come as numbers. */
export function inputIds(body: Record<string, unknown> | undefined): string[] | undefined {
  if (!body || !Array.isArray(body.inputs)) return undefined;
  const ids: string[] = [];
  for (const input of body.inputs) {
    const id = asString(asObject(input)?.id);
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
}
