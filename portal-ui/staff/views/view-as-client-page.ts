import { html } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';

/** A client's dashboard as the client sees it, framed so nobody mistakes it for the console. */
export function viewAsClientPage(clientId: number, clientName: string, dashboard: PageContent): PageContent {
  return {
    title: `${clientName} as the client sees it`,
    navKey: 'clients',
    body: html`<p class="breadcrumb"><a href="/staff/clients/${clientId}">${clientName}</a></p>
<p class="notice" role="status">Read-only view of ${clientName}’s portal dashboard, as a client administrator sees it. This view is recorded in the audit log.</p>
<div class="as-client">
${dashboard.body}
</div>`,
  };
}
