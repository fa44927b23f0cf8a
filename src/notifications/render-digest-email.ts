import { escapeHtml } from '../http/escape-html.js';
import { emailButtonHtml, emailLogoHtml, type EmailBranding } from '../mail/email-branding.js';
import type { ActivityEntry } from '../activity/load-activity.js';

export interface DigestInput extends EmailBranding {
  recipientName: string;
  clientName: string;
  mode: 'immediate' | 'daily';
  entries: ActivityEntry[];
  more: boolean;
  publicUrl: string;
  unsubscribeUrl: string;
}

function when(at: number): string {
  return new Date(at).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
}

/** What changed for the client since the last email, in the portal's own words, with a link to each. */
export function renderDigestEmail(input: DigestInput): { subject: string; text: string; html: string } {
  const count = input.entries.length;
  const subject = `${input.businessName}: ${count}${input.more ? '+' : ''} update${count === 1 && !input.more ? '' : 's'} for ${input.clientName}`;
  const why = input.mode === 'daily' ? 'a daily summary' : 'an email when something changes';
  const text = [
    `Hello ${input.recipientName},`,
    '',
    `Here is what changed in your ${input.businessName} client portal:`,
    '',
    ...input.entries.map((entry) => `- ${entry.sentence} (${when(entry.at)})${entry.href ? `\n  ${input.publicUrl}${entry.href}` : ''}`),
    ...(input.more ? ['- …and more in the portal.'] : []),
    '',
    `Open the portal: ${input.publicUrl}/activity`,
    '',
    `You get this because you chose ${why} in your account settings (${input.publicUrl}/account).`,
    `Unsubscribe with one click: ${input.unsubscribeUrl}`,
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#1f2937">
${emailLogoHtml(input)}<p>Hello ${escapeHtml(input.recipientName)},</p>
<p>Here is what changed in your ${escapeHtml(input.businessName)} client portal:</p>
<ul>${input.entries
    .map((entry) => `<li>${entry.href ? `<a href="${escapeHtml(input.publicUrl + entry.href)}">${escapeHtml(entry.sentence)}</a>` : escapeHtml(entry.sentence)} <span style="color:#4b5563">(${escapeHtml(when(entry.at))})</span></li>`)
    .join('')}${input.more ? '<li>…and more in the portal.</li>' : ''}</ul>
${emailButtonHtml(input, `${input.publicUrl}/activity`, 'Open the portal')}
<p style="color:#4b5563;font-size:14px">You get this because you chose ${why} in your <a href="${escapeHtml(input.publicUrl)}/account">account settings</a>.
<a href="${escapeHtml(input.unsubscribeUrl)}">Unsubscribe</a>.</p>
</body></html>`;
  return { subject, text, html };
}
