import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { StripeEmulatorStore } from './stripe-emulator-store.js';
import { deliverStripeWebhook, signStripePayload } from './sign-webhook.js';

const SECRET = 'whsec_emulatorDemoSecret';
const stripe = new Stripe('sk_test_unused');

describe('Stripe webhook signing', () => {
  it('produces a Stripe-Signature the SDK verifies, and that fails on other bytes, keys or old timestamps', () => {
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid' });
    const header = signStripePayload(body, SECRET);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(stripe.webhooks.constructEvent(body, header, SECRET)).toMatchObject({ id: 'evt_1', type: 'invoice.paid' });
    expect(() => stripe.webhooks.constructEvent(`${body} `, header, SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => stripe.webhooks.constructEvent(body, header, 'whsec_other')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const old = signStripePayload(body, SECRET, Math.floor(Date.now() / 1000) - 600);
    expect(() => stripe.webhooks.constructEvent(body, old, SECRET, 300)).toThrow(/tolerance/);
  });

  it('delivers a recorded event with the emulator’s links filled in', async () => {
    const store = new StripeEmulatorStore();
    const customer = store.createCustomer({ name: 'Initech', email: 'peter@initech.example' });
    const invoice = store.createInvoice({ customerId: customer.id, lines: [{ description: 'Audit', unitAmount: 50_000 }] });
    store.finalizeInvoice(invoice.id);
    const event = [...store.collections.events.values()].find((candidate) => candidate.type === 'invoice.finalized')!;
    let received: Stripe.Event | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received = stripe.webhooks.constructEvent(Buffer.concat(chunks), String(req.headers['stripe-signature']), SECRET);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await deliverStripeWebhook({ postTo: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`, secret: SECRET, event, emulatorUrl: 'http://127.0.0.1:4242' });
      expect(response.status).toBe(200);
    } finally {
      server.close();
    }
    expect(received).toMatchObject({ type: 'invoice.finalized', data: { object: { id: invoice.id, status: 'open', hosted_invoice_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:4242\/i\/acct_/) }, previous_attributes: { status: 'draft', number: null } } });
  });
});
