import type { InvoiceStatus } from '../model/unified-model.js';

/** What matching needs to know of one cached invoice. */
export interface MatchableInvoice {
  recordId: number;
  clientId: number;
  connectionId: number;
  provider: string;
  externalId: string;
  number: string | null;
  status: InvoiceStatus;
  currency: string;
  totalMinor: number;
  amountDueMinor: number;
  issueDate: string | null;
  dueDate: string | null;
  references: string[];
  aliases: string[];
}

export type MatchMethod = 'reference' | 'number' | 'amount_date' | 'manual';

/** Staff said of two invoices that they are, or are not, the same bill. */
export interface MatchDecision {
  recordA: number;
  recordB: number;
  decision: 'same' | 'different';
}

/** Both ids, smaller first: how pairs are keyed everywhere. */
export function pairOf(a: number, b: number): [number, number] {
  return a < b ? [a, b] : [b, a];
}
