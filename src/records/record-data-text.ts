/** A JSON escape for U+0000 that is not itself the tail of an escaped backslash (`\\u0000` is a backslash, then "u0000"). */
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * A record's unified data as the JSON text the store keeps. U+0000 becomes U+FFFD: PostgreSQL's jsonb
 * (records.data, and the columns derived from it) refuses the `\u0000` escape, so one provider field
 * holding a NUL would fail its whole sync page there; both engines keep the same text. A NUL in
 * provider data is never meaningful to a client.
 */
export function recordDataText(data: unknown): string {
  const text = JSON.stringify(data);
  return text.includes('\\u0000') ? text.replace(NUL_ESCAPE, '$1\\ufffd') : text;
}
