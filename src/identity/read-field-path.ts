/**
 * Reads a value from a provider payload by a path the workspace writes in config:
 * dots between keys, and `[key=value]` to pick an element of a list by one of its fields
 * (QuickBooks `CustomField[Name=CRM Id].StringValue`, Asana `custom_fields[name=CRM Id].text_value`).
 * Returns the value as a trimmed string, or null when any step is missing or empty.
 */
export function readFieldPath(payload: unknown, path: string): string | null {
  let current: unknown = payload;
  for (const step of parseFieldPath(path)) {
    if (current == null || typeof current !== 'object') return null;
    if (step.match) {
      const list = (current as Record<string, unknown>)[step.key];
      if (!Array.isArray(list)) return null;
      const { field, value } = step.match;
      current = list.find((item) => item && typeof item === 'object' && String((item as Record<string, unknown>)[field]).toLowerCase() === value.toLowerCase());
    } else {
      current = (current as Record<string, unknown>)[step.key];
    }
  }
  if (current == null || typeof current === 'object') return null;
  const text = String(current).trim();
  return text === '' ? null : text;
}

interface PathStep {
  key: string;
  match?: { field: string; value: string };
}

export function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  const pattern = /([^.[\]]+)(?:\[([^=\]]+)=([^\]]*)\])?/g;
  for (const part of path.split(/\.(?![^[]*\])/)) {
    pattern.lastIndex = 0;
    const match = pattern.exec(part);
    if (!match || match[0] !== part) throw new Error(`Unreadable field path "${path}" at "${part}"`);
    steps.push(match[2] !== undefined ? { key: match[1]!, match: { field: match[2].trim(), value: match[3]!.trim() } } : { key: match[1]! });
  }
  return steps;
}
