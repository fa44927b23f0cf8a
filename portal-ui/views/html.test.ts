import { describe, expect, it } from 'vitest';
import { html, SafeHtml } from './html.js';
import { layout } from './layout.js';

describe('html', () => {
  it('escapes every interpolated value', () => {
    const evil = `<script>alert("x")</script>&'`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
    );
  });

  it('nests its own output and arrays unescaped, and renders nothing for null, undefined and false', () => {
    const items = ['a<', 'b'].map((v) => html`<li>${v}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>0');
    expect(html`${new SafeHtml('<b>ok</b>')}`.value).toBe('<b>ok</b>');
  });
});

describe('layout', () => {
  it('is a complete, labelled page with the business name, escaped', () => {
    const page = layout({ businessName: 'Smith & <Sons>', title: 'Home', body: html`<h1>Hi</h1>` });
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<title>Home · Smith &amp; &lt;Sons&gt;</title>');
    expect(page).toContain('<link rel="stylesheet" href="/assets/portal.css">');
    expect(page).toMatch(/<header[\s\S]*<main id="main"[\s\S]*<h1>Hi<\/h1>[\s\S]*<\/main>[\s\S]*<footer/);
    expect(page).not.toContain('Sign out');
    expect(page).not.toMatch(/<script|style=/);
  });

  it('shows the signed-in person and a sign-out form carrying the CSRF token', () => {
    const page = layout({ businessName: 'B', title: 'T', body: html``, user: { name: 'Nancy "N"', email: 'n@x.example', csrfToken: 'tok"en' } });
    expect(page).toContain('Nancy &quot;N&quot;');
    expect(page).toContain('n@x.example');
    expect(page).toContain('<form method="post" action="/auth/sign-out">');
    expect(page).toContain('<input type="hidden" name="_csrf" value="tok&quot;en">');
    expect(page).toContain('<button type="submit" class="button button-quiet">Sign out</button>');
  });
});
