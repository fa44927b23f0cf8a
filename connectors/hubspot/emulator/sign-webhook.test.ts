import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Signature } from '@hubspot/api-client';
import { deliverWebhook, signWebhookV3 } from './sign-webhook.js';
import { HubSpotEmulatorStore } from './emulator-store.js';

// Computed independently with:
//   printf '%s' 'POST<uri><body>1700000000000' | openssl dgst -sha256 -hmac 'app-client-secret-123' -binary | base64
const VECTOR = {
  clientSecret: 'app-client-secret-123',
  method: 'POST',
  uri: 'https://hub.example.com/webhooks/hubspot',
  body: '[{"eventId":1,"subscriptionType":"deal.propertyChange","objectId":1234,"propertyName":"dealstage","propertyValue":"closedwon"}]',
  timestamp: 1_700_000_000_000,
  signature: 'IcHbj+difz7WIYh7R0hgjVPI4AEo+5pYPtcQgnqMAdo=',
};

describe('HubSpot v3 webhook signatures', () => {
  it('matches a known vector and the SDK\'s own computation', () => {
    expect(signWebhookV3(VECTOR)).toBe(VECTOR.signature);
    expect(
      Signature.getSignature('POST', 'v3', { clientSecret: VECTOR.clientSecret, requestBody: VECTOR.body, url: VECTOR.uri, timestamp: VECTOR.timestamp, signature: '' }),
    ).toBe(VECTOR.signature);
  });

  it('delivers a signed JSON array of events, signing the public URL while posting to the local one', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string; url: string }[] = [];
    const hub = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body, url: req.url ?? '' });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    try {
      const store = new HubSpotEmulatorStore();
      const { dealIds } = store.seedDemo();
      const event = store.moveDealToStage(dealIds[0]!, 'closedwon');
      const publicUrl = 'https://hub.example.com/webhooks/hubspot';
      const response = await deliverWebhook({
        targetUrl: publicUrl,
        postTo: `http://127.0.0.1:${(hub.address() as AddressInfo).port}/webhooks/hubspot`,
        clientSecret: 'secret',
        events: [event],
      });
      expect(response.status).toBe(204);
      const [delivery] = received;
      expect(delivery!.headers['content-type']).toBe('application/json');
      expect(JSON.parse(delivery!.body)).toEqual([event]);
      const timestamp = Number(delivery!.headers['x-hubspot-request-timestamp']);
      expect(Math.abs(Date.now() - timestamp)).toBeLessThan(5_000);
      expect(
        Signature.isValid({ signatureVersion: 'v3', method: 'POST', url: publicUrl, requestBody: delivery!.body, clientSecret: 'secret', timestamp, signature: String(delivery!.headers['x-hubspot-signature-v3']) }),
      ).toBe(true);
    } finally {
      await new Promise((resolve) => hub.close(resolve));
    }
  });
});
