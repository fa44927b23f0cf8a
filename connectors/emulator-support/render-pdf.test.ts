import { describe, expect, it } from 'vitest';
import { looksLikePdf, renderTextPdf } from './render-pdf.js';

describe('renderTextPdf', () => {
  it('writes a PDF whose xref offsets point at each object', () => {
    const pdf = renderTextPdf('Invoice 1001 (draft)', ['Northwind Traders', 'Total: USD 1,200.00', 'Café — non-ASCII is replaced']);
    const text = pdf.toString('latin1');
    expect(looksLikePdf(pdf)).toBe(true);
    const xref = text.slice(text.indexOf('xref\n')).split('\n').slice(3, 8);
    xref.forEach((row, index) => {
      const offset = Number(row.slice(0, 10));
      expect(text.slice(offset, offset + `${index + 1} 0 obj`.length)).toBe(`${index + 1} 0 obj`);
    });
    expect(text).toContain('(Invoice 1001 \\(draft\\)) Tj');
    expect(looksLikePdf(Buffer.from('not a pdf'))).toBe(false);
  });
});
