import { escapeHtml } from '../http/escape-html.js';
import { emailButtonHtml, emailLogoHtml, type EmailBranding } from './email-branding.js';

/** The email with a sign-in link someone asked for on the sign-in page. */
export function renderSignInLinkEmail(input: EmailBranding & { recipientName: string | null; link: string; validMinutes: number }): { subject: string; text: string; html: string } {
  const greeting = input.recipientName ? `Hello ${input.recipientName},` : 'Hello,';
  const subject = `${input.businessName}: your sign-in link`;
  const text = [
    greeting,
    '',
    `Here is the link to sign in to your ${input.businessName} client portal:`,
    input.link,
    '',
    `It works once, for ${input.validMinutes} minutes, and best in the browser where you asked for it.`,
    'If you did not ask to sign in, ignore this email: nobody can use the link without opening this message.',
    '',
    `— ${input.businessName}`,
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#1f2937">
${emailLogoHtml(input)}<p>${escapeHtml(greeting)}</p>
<p>Here is the link to sign in to your ${escapeHtml(input.businessName)} client portal.</p>
${emailButtonHtml(input, input.link, 'Sign in to the portal')}
<p>It works once, for ${input.validMinutes} minutes, and best in the browser where you asked for it.</p>
<p style="color:#4b5563">If you did not ask to sign in, ignore this email.</p>
</body></html>`;
  return { subject, text, html };
}
