import { Router } from 'express';
import type { HubSpotEmulatorStore } from './emulator-store.js';
import { isPublishedQuoteStatus } from './emulator-store.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * HubSpot's hosted quote page (hs_quote_link): public, no token, found by the quote's public key.
 * Only a published quote has one; any other key is the same 404.
 */
export function hostedQuotePageRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();
  router.get('/q/:publicKey', (req, res) => {
    const quote = store.findByProperty('quotes', 'hs_public_url_key', req.params.publicKey);
    if (!quote || !isPublishedQuoteStatus(quote.properties.hs_status)) return res.status(404).type('text/plain').send('This quote is not available.');
    const p = quote.properties;
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(p.hs_title ?? 'Quote')}</title></head>
<body><main><h1>${escape(p.hs_title ?? 'Quote')}</h1>
<p>Status: ${escape(p.hs_status ?? '')}${p.hs_sign_status ? ` · ${escape(p.hs_sign_status)}` : ''}</p>
<p>Total: ${escape(p.hs_quote_amount ?? '')} ${escape(p.hs_currency ?? '')}</p>
<p>Expires: ${escape(p.hs_expiration_date ?? '')}</p>
<p><button type="button">Sign and accept</button></p></main></body></html>`);
  });
  return router;
}
