/**
 * A client's words as plain text: line endings made \n, control characters (other than tab and
 * newline) and invisible bidirectional overrides removed, trailing space trimmed. Nothing is
 * escaped here: views escape on output (views/html.ts), and providers receive plain-text fields.
 */
export function plainText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, '')
    .trim();
}
