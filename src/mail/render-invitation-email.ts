import { escapeHtml } from '../http/escape-html.js';
import { emailButtonHtml, emailLogoHtml } from './email-branding.js';

export function renderInvitationEmail(input: {
  businessName: string;
  clientName: string;
  /** Only names the business knows (from its CRM); never a name a client's admin typed. */
  recipientName: string | null;
  /**
   * The address of the client's admin who sent this invitation, shown as theirs: the email comes from
   * the business, so the reader must be able to tell who at the client actually asked.
   */
  invitedBy?: string;
  link: string;
  validDays: number;
  /** Branding (config `portal`): the logo on top, the button in the business's colour. */
  logoUrl?: string;
  primaryColor?: string;
}): { subject: string; text: string; html: string } {
  const greeting = input.recipientName ? `Hello ${input.recipientName},` : 'Hello,';
  const subject = `${input.businessName}: your client portal for ${input.clientName}`;
  const text = [
    greeting,
    '',
    `${input.businessName} has opened a client portal for ${input.clientName}. There you can see your projects,`,
    'invoices and payments, and who on our team looks after you, at any time.',
    ...(input.invitedBy ? ['', `You were invited by ${input.invitedBy}, of ${input.clientName}. If you do not know them, ignore this email.`] : []),
    '',
    'Open the portal with this personal link:',
    input.link,
    '',
    `The link works once and expires in ${input.validDays} days. If it has expired, ask us for a new one.`,
    'If you did not expect this email, you can ignore it.',
    '',
    `— ${input.businessName}`,
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#1f2937">
${emailLogoHtml(input)}<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(input.businessName)} has opened a client portal for <strong>${escapeHtml(input.clientName)}</strong>.
There you can see your projects, invoices and payments, and who on our team looks after you, at any time.</p>
${input.invitedBy ? `<p>You were invited by <strong>${escapeHtml(input.invitedBy)}</strong>, of ${escapeHtml(input.clientName)}. If you do not know them, ignore this email.</p>\n` : ''}${emailButtonHtml(input, input.link, 'Open your client portal')}
<p>The link works once and expires in ${input.validDays} days. If it has expired, ask us for a new one.</p>
<p style="color:#4b5563">If you did not expect this email, you can ignore it.</p>
</body></html>`;
  return { subject, text, html };
}
