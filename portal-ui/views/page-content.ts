import type { SafeHtml } from './html.js';

/** What a view produces: the layout adds the frame around it. */
export interface PageContent {
  title: string;
  body: SafeHtml;
  /** Which navigation entry this page belongs to (marked aria-current). */
  navKey?: string;
}
