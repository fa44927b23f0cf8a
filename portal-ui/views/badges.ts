import { html, type SafeHtml } from './html.js';
import type { ShownStatus } from '../loaders/load-invoices.js';
import type { Project } from '../../src/model/unified-model.js';

export const INVOICE_STATUS_LABELS: Record<ShownStatus, string> = {
  open: 'Open',
  overdue: 'Overdue',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  void: 'Void',
};

/** The status as words (never colour alone), with a colour class for a quick read. */
export function invoiceStatusBadge(status: ShownStatus): SafeHtml {
  return html`<span class="badge badge-${status}">${INVOICE_STATUS_LABELS[status]}</span>`;
}

const PROJECT_STATUS_LABELS: Record<NonNullable<Project['statusColor']>, string> = {
  green: 'On track',
  yellow: 'At risk',
  red: 'Off track',
  blue: 'On hold',
  complete: 'Complete',
};

export function projectStatusBadge(color: Project['statusColor']): SafeHtml | string {
  return color ? html`<span class="badge badge-status-${color}">${PROJECT_STATUS_LABELS[color]}</span>` : '';
}
