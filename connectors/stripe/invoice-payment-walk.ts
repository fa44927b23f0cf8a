import type { ConnectorContext } from '../../src/connector-kit/index.js';
import { callStripe } from './call-stripe.js';

type Raw = Record<string, unknown>;

const PAGE_SIZE = 100;
/**
 * How far below a page's oldest PaymentIntent the walk reads. Stripe creates an invoice's
 * invoice payment with the PaymentIntent that pays it (at finalization, or when a payment is
 * attached later — later is newer, so read earlier in the walk); a day covers clock skew many times over.
 */
export const WALK_SLACK_SECONDS = 24 * 3600;

/**
 * The invoice payments of the whole account, read newest first alongside a full PaymentIntent
 * listing (also newest first) with GET /v1/invoice_payments (no filter, 100 a page): one request
 * per 100 invoice payments instead of one per paid PaymentIntent. Each page of intents asks for
 * theirs; the walk reads on until it is past the oldest of them (less the slack), and hands out
 * what it read, forgetting each entry once given.
 */
export class InvoicePaymentWalk {
  private readonly byIntent = new Map<string, Raw[]>();
  private after: string | undefined;
  private oldestSeen = Number.POSITIVE_INFINITY;
  private exhausted = false;
  /** Pages of invoice payments read so far (for the bench's request accounting). */
  pages = 0;

  constructor(private readonly ctx: ConnectorContext) {}

  /** Attaches `invoice_payments` (as GET /v1/invoice_payments lists them) to each intent. */
  async attach(intents: Raw[]): Promise<void> {
    const pending = intents.filter((intent) => !('invoice' in intent)); // An older API version's payload still names its invoice.
    if (pending.length === 0) return;
    const oldest = Math.min(...pending.map((intent) => Number(intent.created)));
    await this.readDownTo(oldest - WALK_SLACK_SECONDS);
    for (const intent of pending) {
      const id = intent.id as string;
      intent.invoice_payments = this.byIntent.get(id) ?? [];
      this.byIntent.delete(id);
    }
  }

  private async readDownTo(created: number): Promise<void> {
    while (!this.exhausted && this.oldestSeen >= created) {
      const after = this.after;
      const page = await callStripe(this.ctx, (stripe) => stripe.invoicePayments.list({ limit: PAGE_SIZE, ...(after ? { starting_after: after } : {}) }));
      this.pages++;
      for (const item of page.data) {
        const payment = JSON.parse(JSON.stringify(item)) as Raw;
        this.oldestSeen = Math.min(this.oldestSeen, Number(payment.created));
        const intent = (payment.payment as { type?: string; payment_intent?: unknown } | null)?.payment_intent;
        const intentId = typeof intent === 'string' ? intent : (intent as { id?: string } | null)?.id;
        if (!intentId) continue;
        const list = this.byIntent.get(intentId);
        if (list) list.push(payment);
        else this.byIntent.set(intentId, [payment]);
      }
      this.after = page.data.at(-1)?.id;
      this.exhausted = !page.has_more || this.after === undefined;
    }
  }
}
