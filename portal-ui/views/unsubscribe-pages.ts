import { html } from './html.js';
import type { PageContent } from './page-content.js';

export function unsubscribeConfirmPage(businessName: string, token: string): PageContent {
  return {
    title: 'Stop email updates',
    body: html`<h1>Stop email updates</h1>
<section class="card">
  <p>Press the button to stop the portal update emails from ${businessName}. Invitations and sign-in links you ask for still arrive.</p>
  <form method="post" action="/notifications/unsubscribe/${token}">
    <input type="hidden" name="List-Unsubscribe" value="One-Click">
    <button type="submit" class="button">Unsubscribe</button>
  </form>
</section>`,
  };
}

export function unsubscribedPage(businessName: string): PageContent {
  return {
    title: 'Unsubscribed',
    body: html`<h1>You are unsubscribed</h1>
<section class="card" role="status">
  <p>You will get no more update emails from ${businessName}'s client portal. You can turn them on again in your account settings at any time.</p>
  <p><a href="/">Go to the portal</a></p>
</section>`,
  };
}
