import type { SafeHtml } from './html.js';

/** What a view produces: the layout adds the frame around it. */
export interface PageContent {
  title: string;
  body: SafeHtml;
}
