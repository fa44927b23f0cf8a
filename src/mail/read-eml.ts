/**
 * Reads what a person needs from an .eml written by the file mailer: headers and the
 * plain-text part, decoded from quoted-printable (so links wrapped at 76 columns are whole again).
 */
export function readEml(source: string): { headers: Record<string, string>; text: string; links: string[] } {
  const [head = '', ...rest] = source.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = rest.join('\n\n');
  const textPart = /Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*?\n([\s\S]*?)(?:\n--|$)/i.exec(body)?.[1] ?? body;
  const text = decodeQuotedPrintable(textPart);
  const links = [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
  return { headers, text, links };
}

export function decodeQuotedPrintable(input: string): string {
  const bytes = input
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
