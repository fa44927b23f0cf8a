import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Statement } from '../loaders/load-statement.js';
import { formatMoney, formatDate } from './format.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

/**
 * The statement as an A4 PDF (pdf-lib, standard Helvetica): heading, period, and per currency the
 * opening balance, each invoice and payment with the running balance, and the closing balance;
 * pages continue as needed. Helvetica covers WinAnsi only: other characters print as "?".
 */
export async function renderStatementPdf(statement: Statement, names: { business: string; client: string }, generatedOn: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Statement of account, ${names.client}`);
  pdf.setAuthor(names.business);
  pdf.setCreationDate(new Date(`${generatedOn}T00:00:00Z`));
  pdf.setModificationDate(new Date(`${generatedOn}T00:00:00Z`));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  const safe = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff€]/g, '?');
  const write = (text: string, x: number, options: { size?: number; font?: PDFFont; right?: boolean } = {}) => {
    const f = options.font ?? font;
    const size = options.size ?? 10;
    const shown = safe(text);
    const left = options.right ? x - f.widthOfTextAtSize(shown, size) : x;
    page.drawText(shown, { x: left, y, size, font: f, color: rgb(0.12, 0.16, 0.22) });
  };
  const next = (step = 15) => {
    y -= step;
    if (y < MARGIN) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
    }
  };
  const right = A4[0] - MARGIN;
  const day = (iso: string) => formatDate(iso) ?? iso;

  write(names.business, MARGIN, { size: 16, font: bold });
  next(24);
  write(`Statement of account: ${names.client}`, MARGIN, { size: 13, font: bold });
  next(18);
  write(`${day(statement.from)} to ${day(statement.to)}   (produced ${day(generatedOn)})`, MARGIN);
  next(24);
  if (statement.sections.length === 0) {
    write('Nothing was invoiced or paid in this period, and nothing was owed at its start.', MARGIN);
  }
  for (const section of statement.sections) {
    const money = (minor: number) => formatMoney(minor, section.currency);
    write(`In ${section.currency}`, MARGIN, { size: 12, font: bold });
    next(18);
    write('Date', MARGIN, { font: bold });
    write('Description', MARGIN + 90, { font: bold });
    write('Amount', right - 110, { font: bold, right: true });
    write('Balance', right, { font: bold, right: true });
    next();
    write(day(statement.from), MARGIN);
    write('Opening balance', MARGIN + 90);
    write(money(section.openingMinor), right, { right: true });
    next();
    for (const line of section.lines) {
      write(day(line.date), MARGIN);
      write(line.reference.length > 48 ? `${line.reference.slice(0, 47)}…` : line.reference, MARGIN + 90);
      write(money(line.amountMinor), right - 110, { right: true });
      write(money(line.balanceMinor), right, { right: true });
      next();
    }
    write(`Invoiced ${money(section.invoicedMinor)}; paid ${money(section.paidMinor)}`, MARGIN + 90);
    next();
    write(day(statement.to), MARGIN, { font: bold });
    write('Closing balance', MARGIN + 90, { font: bold });
    write(money(section.closingMinor), right, { font: bold, right: true });
    next(28);
  }
  return pdf.save();
}
