/**
 * The sign-in and invitation tokens in the .eml files hub processes wrote to their outboxes
 * (`<data dir>/outbox`, one per process): what a person would click in the mail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEml } from '../../src/mail/read-eml.js';

export function mailedLinkTokens(dataDirs: readonly string[]): string[] {
  const tokens: string[] = [];
  for (const dir of dataDirs) {
    const outbox = join(dir, 'outbox');
    if (!existsSync(outbox)) continue;
    for (const file of readdirSync(outbox).filter((name) => name.endsWith('.eml'))) {
      const token = /\/auth\/link\/([A-Za-z0-9_-]{43})/.exec(readEml(readFileSync(join(outbox, file), 'utf8')).text)?.[1];
      if (token) tokens.push(token);
    }
  }
  return tokens;
}
