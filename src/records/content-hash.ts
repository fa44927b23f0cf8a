import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted, so two equal payloads always hash the same. Undefined members are
 * left out (as JSON.stringify leaves them out of objects); written as one loop per object because it
 * runs over every synced payload (a third of the write path's own time went to the array-building form).
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + stableStringify(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${stableStringify(member)}`;
    first = false;
  }
  return `${out}}`;
}

export function contentHash(value: unknown): string {
  return hashText(stableStringify(value));
}

/**
 * contentHash({ kind, raw, deleted }) from the payload already written as stable JSON (`rawText`), so the
 * upsert stringifies each payload once, not twice: the same text, so the same hash, as the object form.
 */
export function recordContentHash(kind: string, rawText: string, deleted: boolean): string {
  return hashText(`{"deleted":${deleted ? 'true' : 'false'},"kind":${JSON.stringify(kind)},"raw":${rawText}}`);
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
