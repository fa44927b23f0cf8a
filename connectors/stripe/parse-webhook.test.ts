import { describe, expect, it } from 'vitest';
import { parseStripeWebhook } from './parse-webhook.js';
import { event, invoicePayment, sample, succeededIntent } from './testing/stripe-payloads.js';

const request = (body: unknown) => ({ method: 'POST', url: 'http://hub.test/webhooks/stripe', headers: {}, rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), receivedAt: Date.now() });

describe('Stripe webhook parsing', () => {
  it('names the object each event is about, by the object it carries', () => {
    const fat = sample('event_payment_intent.created.json');
    expect(parseStripeWebhook(request(fat))).toEqual({ ok: true, events: [expect.objectContaining({ eventId: 'evt_1MoS6tLgUG5tbmjchDsX6fiT', objectType: 'PaymentIntent', externalId: 'pi_1MoS6tLgUG5tbmjcQ62U6djv', occurredAt: 1234567890000, action: 'changed', accountId: null })] });
    const refunded = event('evt_r', 'charge.refunded', succeededIntent(100).latest_charge as Record<string, unknown>);
    expect(parseStripeWebhook(request(refunded))).toMatchObject({ ok: true, events: [{ eventId: 'evt_r', objectType: 'PaymentIntent', externalId: 'pi_1MoS6tLgUG5tbmjcQ62U6djv' }] });
    // A subscription event is not one of ours even though its name starts with "customer.".
    expect(parseStripeWebhook(request(event('evt_s', 'customer.subscription.updated', { id: 'sub_1', object: 'subscription', customer: 'cus_1' })))).toEqual({ ok: true, events: [] });
  });

  it('gives an invoice payment to both its invoice (under the event id) and its PaymentIntent (suffixed id)', () => {
    const parsed = parseStripeWebhook(request(event('evt_ip', 'invoice_payment.paid', invoicePayment('in_1', 'pi_1', 500, 1700000000), 1700000001, { account: 'acct_1Connected' })));
    expect(parsed).toMatchObject({ ok: true, events: [
      { eventId: 'evt_ip', objectType: 'Invoice', externalId: 'in_1', accountId: 'acct_1Connected' },
      { eventId: 'evt_ip#PaymentIntent', objectType: 'PaymentIntent', externalId: 'pi_1', accountId: 'acct_1Connected' },
    ] });
  });

  it('refuses bodies that are not Stripe events', () => {
    expect(parseStripeWebhook(request('{not json'))).toEqual({ ok: false, reason: 'body is not valid JSON' });
    expect(parseStripeWebhook(request({ id: 'cus_1', object: 'customer' }))).toEqual({ ok: false, reason: 'body is not a Stripe event (object "event" with id and type)' });
    expect(parseStripeWebhook(request({ id: 'evt_1', object: 'event', type: 'invoice.paid', data: {} }))).toEqual({ ok: false, reason: 'event evt_1 has no data.object' });
  });
});
