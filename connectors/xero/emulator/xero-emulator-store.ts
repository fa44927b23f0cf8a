/**
 * The organisation behind the Xero emulator: contacts, invoices (sales ACCREC and bills ACCPAY),
 * payments and credit notes, kept in the Accounting API's JSON shape (PascalCase, MS-JSON dates,
 * `UpdatedDateUTC`). Mutators move `UpdatedDateUTC` as Xero does and log what its webhooks report.
 * A Xero payment applies to one invoice: paying several at once is a batch payment, one payment
 * per invoice sharing a BatchPaymentID.
 */
import { randomUUID } from 'node:crypto';
import { dateString, dayMs, msJson, parseXeroDate } from './xero-dates.js';
import { seedXeroDemo, type XeroDemoSeed } from './seed-xero-demo.js';

export type XeroRecord = Record<string, unknown>;
export type XeroCollection = 'Contacts' | 'Invoices' | 'Payments' | 'CreditNotes';

/** What Xero's webhooks report (no payment topic exists). */
export interface XeroChange {
  category: 'CONTACT' | 'INVOICE' | 'CREDITNOTE';
  type: 'CREATE' | 'UPDATE';
  id: string;
  at: number;
}

export interface ContactInput {
  name: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  website?: string;
  phone?: string;
  city?: string;
  country?: string;
  accountNumber?: string;
  isSupplier?: boolean;
  people?: { firstName: string; lastName: string; email: string }[];
}

export interface LineInput {
  description: string;
  unitAmount: number;
  quantity?: number;
  accountCode?: string;
}

export interface InvoiceInput {
  contactId: string;
  type?: 'ACCREC' | 'ACCPAY';
  lines: LineInput[];
  date: string;
  dueDate: string;
  number?: string;
  reference?: string;
  status?: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED';
  /** Tax as a fraction of the line amounts (exclusive). */
  taxRate?: number;
  currency?: string;
}

export interface StoreOptions {
  now?: () => number;
  tenantId?: string;
  organisationName?: string;
  baseCurrency?: string;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
export const ID_FIELD: Record<XeroCollection, string> = { Contacts: 'ContactID', Invoices: 'InvoiceID', Payments: 'PaymentID', CreditNotes: 'CreditNoteID' };

export class XeroEmulatorStore {
  readonly now: () => number;
  readonly tenantId: string;
  readonly organisationName: string;
  readonly baseCurrency: string;
  readonly collections: Record<XeroCollection, Map<string, XeroRecord>> = { Contacts: new Map(), Invoices: new Map(), Payments: new Map(), CreditNotes: new Map() };
  readonly changes: XeroChange[] = [];
  private invoiceCounter = 1;
  private billCounter = 1;
  private creditCounter = 1;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.tenantId = options.tenantId ?? 'a3b4c5d6-1d2e-4f70-8a9b-0c1d2e3f4a5b';
    this.organisationName = options.organisationName ?? 'Brightside Agency';
    this.baseCurrency = options.baseCurrency ?? 'USD';
  }

  get(collection: XeroCollection, id: string): XeroRecord | undefined {
    return this.collections[collection].get(id);
  }

  require(collection: XeroCollection, id: string): XeroRecord {
    const found = this.get(collection, id);
    if (!found) throw new Error(`Xero emulator: no ${collection} ${id}`);
    return found;
  }

  /** The opaque token of an invoice's online page (in.xero.com/<token>), stable per invoice. */
  onlineInvoiceToken(invoiceId: string): string {
    return Buffer.from(`${this.tenantId}:${invoiceId}`).toString('base64url');
  }

  /** The invoice an online-invoice token stands for, if any. */
  invoiceOfOnlineToken(token: string): XeroRecord | undefined {
    const [tenant, id] = Buffer.from(token, 'base64url').toString('utf8').split(':');
    return tenant === this.tenantId && id ? this.get('Invoices', id) : undefined;
  }

  updatedAt(record: XeroRecord): number {
    return parseXeroDate(record.UpdatedDateUTC) ?? 0;
  }

  createContact(input: ContactInput, at = this.now()): XeroRecord {
    const id = randomUUID();
    const contact: XeroRecord = {
      ContactID: id,
      ContactStatus: 'ACTIVE',
      Name: input.name,
      ...(input.firstName ? { FirstName: input.firstName } : {}),
      ...(input.lastName ? { LastName: input.lastName } : {}),
      ...(input.email ? { EmailAddress: input.email } : {}),
      ...(input.website ? { Website: input.website } : {}),
      ...(input.accountNumber ? { AccountNumber: input.accountNumber } : {}),
      BankAccountDetails: '',
      Addresses: [
        { AddressType: 'STREET', City: '', Region: '', PostalCode: '', Country: '' },
        { AddressType: 'POBOX', AddressLine1: '', City: input.city ?? '', Region: '', PostalCode: '', Country: input.country ?? '' },
      ],
      Phones: [
        { PhoneType: 'DEFAULT', PhoneNumber: input.phone ?? '', PhoneAreaCode: '', PhoneCountryCode: '' },
        { PhoneType: 'MOBILE', PhoneNumber: '', PhoneAreaCode: '', PhoneCountryCode: '' },
      ],
      UpdatedDateUTC: msJson(at),
      ContactGroups: [],
      IsSupplier: input.isSupplier ?? false,
      IsCustomer: false,
      ContactPersons: (input.people ?? []).map((person) => ({ FirstName: person.firstName, LastName: person.lastName, EmailAddress: person.email, IncludeInEmails: true })),
      HasAttachments: false,
      HasValidationErrors: false,
    };
    this.collections.Contacts.set(id, contact);
    this.log('CONTACT', 'CREATE', id, at);
    return contact;
  }

  /** Archived contacts drop out of lists unless `includeArchived=true`. */
  archiveContact(id: string, at = this.now()): XeroRecord {
    return this.touch('Contacts', this.require('Contacts', id), at, { ContactStatus: 'ARCHIVED' });
  }

  createInvoice(input: InvoiceInput, at = this.now()): XeroRecord {
    const contact = this.require('Contacts', input.contactId);
    const type = input.type ?? 'ACCREC';
    const id = randomUUID();
    const lines = lineItems(input.lines, input.taxRate ?? 0);
    const subTotal = round2(lines.reduce((sum, line) => sum + (line.LineAmount as number), 0));
    const totalTax = round2(lines.reduce((sum, line) => sum + (line.TaxAmount as number), 0));
    const total = round2(subTotal + totalTax);
    const invoice: XeroRecord = {
      Type: type,
      InvoiceID: id,
      InvoiceNumber: input.number ?? (type === 'ACCREC' ? `INV-${String(this.invoiceCounter++).padStart(4, '0')}` : `BILL-${this.billCounter++}`),
      Reference: input.reference ?? '',
      Payments: [],
      CreditNotes: [],
      Prepayments: [],
      Overpayments: [],
      AmountDue: total,
      AmountPaid: 0,
      AmountCredited: 0,
      SentToContact: type === 'ACCREC',
      CurrencyRate: 1,
      IsDiscounted: false,
      HasAttachments: false,
      HasErrors: false,
      Contact: contactSummary(contact),
      DateString: dateString(dayMs(input.date)),
      Date: msJson(dayMs(input.date)),
      DueDateString: dateString(dayMs(input.dueDate)),
      DueDate: msJson(dayMs(input.dueDate)),
      Status: input.status ?? 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      LineItems: lines,
      SubTotal: subTotal,
      TotalTax: totalTax,
      Total: total,
      UpdatedDateUTC: msJson(at),
      CurrencyCode: input.currency ?? this.baseCurrency,
    };
    this.collections.Invoices.set(id, invoice);
    if (type === 'ACCREC' && contact.IsCustomer !== true) this.touch('Contacts', contact, at, { IsCustomer: true });
    this.log('INVOICE', 'CREATE', id, at);
    return invoice;
  }

  /** One payment against one invoice (the whole amount due unless an amount is given). */
  payInvoice(invoiceId: string, options: { amount?: number; date?: string; reference?: string; at?: number; batch?: { id: string; total: number } } = {}): XeroRecord {
    const at = options.at ?? this.now();
    const invoice = this.require('Invoices', invoiceId);
    if (invoice.Status !== 'AUTHORISED') throw new Error(`Xero emulator: only AUTHORISED invoices take payments (${String(invoice.InvoiceNumber)} is ${String(invoice.Status)})`);
    const amount = round2(options.amount ?? (invoice.AmountDue as number));
    if (amount <= 0 || amount > (invoice.AmountDue as number) + 1e-9) throw new Error(`Xero emulator: payment of ${amount} exceeds ${String(invoice.InvoiceNumber)}'s amount due`);
    const date = msJson(dayMs(options.date ?? new Date(at).toISOString().slice(0, 10)));
    const id = randomUUID();
    const payment: XeroRecord = {
      PaymentID: id,
      ...(options.batch
        ? { BatchPaymentID: options.batch.id, BatchPayment: { Account: { AccountID: BANK_ACCOUNT.AccountID }, BatchPaymentID: options.batch.id, Date: date, Type: invoice.Type === 'ACCREC' ? 'RECBATCH' : 'PAYBATCH', Status: 'AUTHORISED', TotalAmount: options.batch.total.toFixed(2), UpdatedDateUTC: msJson(at), IsReconciled: 'false' } }
        : {}),
      Date: date,
      BankAmount: amount,
      Amount: amount,
      Reference: options.reference ?? '',
      CurrencyRate: 1,
      PaymentType: invoice.Type === 'ACCREC' ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT',
      Status: 'AUTHORISED',
      UpdatedDateUTC: msJson(at),
      HasAccount: true,
      IsReconciled: false,
      Account: BANK_ACCOUNT,
      Invoice: { Type: invoice.Type, InvoiceID: invoice.InvoiceID, InvoiceNumber: invoice.InvoiceNumber, Payments: [], CreditNotes: [], Prepayments: [], Overpayments: [], HasErrors: false, IsDiscounted: false, Contact: invoice.Contact, LineItems: [], CurrencyCode: invoice.CurrencyCode },
      HasValidationErrors: false,
    };
    this.collections.Payments.set(id, payment);
    (invoice.Payments as XeroRecord[]).push({ PaymentID: id, Date: date, Amount: amount, Reference: payment.Reference, CurrencyRate: 1, HasAccount: false, HasValidationErrors: false, ...(options.batch ? { BatchPaymentID: options.batch.id } : {}) });
    this.settle(invoice, at, { AmountPaid: round2((invoice.AmountPaid as number) + amount) }, date);
    return payment;
  }

  /** A batch payment: one payment per invoice (each settles its whole amount due), one BatchPaymentID. */
  batchPay(invoiceIds: readonly string[], options: { date?: string; reference?: string; at?: number } = {}): XeroRecord[] {
    const total = round2(invoiceIds.reduce((sum, id) => sum + (this.require('Invoices', id).AmountDue as number), 0));
    const batch = { id: randomUUID(), total };
    return invoiceIds.map((invoiceId) => this.payInvoice(invoiceId, { ...options, batch }));
  }

  /** A deleted payment stays listed with Status DELETED; its invoice owes the amount again. */
  deletePayment(paymentId: string, at = this.now()): XeroRecord {
    const payment = this.require('Payments', paymentId);
    const invoice = this.require('Invoices', (payment.Invoice as { InvoiceID: string }).InvoiceID);
    invoice.Payments = (invoice.Payments as XeroRecord[]).filter((p) => p.PaymentID !== paymentId);
    this.settle(invoice, at, { AmountPaid: round2((invoice.AmountPaid as number) - (payment.Amount as number)) });
    return Object.assign(payment, { Status: 'DELETED', UpdatedDateUTC: msJson(at) });
  }

  /** Only authorised invoices without payments can be voided; totals stay, the amount due goes to 0. */
  voidInvoice(invoiceId: string, at = this.now()): XeroRecord {
    const invoice = this.require('Invoices', invoiceId);
    if ((invoice.Payments as unknown[]).length > 0) throw new Error(`Xero emulator: remove payments before voiding ${String(invoice.InvoiceNumber)}`);
    return this.touch('Invoices', invoice, at, { Status: 'VOIDED', AmountDue: 0 });
  }

  /** Only DRAFT and SUBMITTED invoices can be deleted; they stay listed with Status DELETED. */
  deleteInvoice(invoiceId: string, at = this.now()): XeroRecord {
    const invoice = this.require('Invoices', invoiceId);
    if (!['DRAFT', 'SUBMITTED'].includes(String(invoice.Status))) throw new Error(`Xero emulator: ${String(invoice.InvoiceNumber)} is ${String(invoice.Status)}; void it instead`);
    return this.touch('Invoices', invoice, at, { Status: 'DELETED', AmountDue: 0 });
  }

  createCreditNote(input: Omit<InvoiceInput, 'dueDate' | 'type'>, at = this.now()): XeroRecord {
    const contact = this.require('Contacts', input.contactId);
    const id = randomUUID();
    const lines = lineItems(input.lines, input.taxRate ?? 0);
    const subTotal = round2(lines.reduce((sum, line) => sum + (line.LineAmount as number), 0));
    const totalTax = round2(lines.reduce((sum, line) => sum + (line.TaxAmount as number), 0));
    const total = round2(subTotal + totalTax);
    const note: XeroRecord = {
      CreditNoteID: id,
      CreditNoteNumber: input.number ?? `CN-${String(this.creditCounter++).padStart(4, '0')}`,
      Type: 'ACCRECCREDIT',
      Reference: input.reference ?? '',
      Contact: contactSummary(contact),
      DateString: dateString(dayMs(input.date)),
      Date: msJson(dayMs(input.date)),
      Status: input.status ?? 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      LineItems: lines,
      SubTotal: subTotal,
      TotalTax: totalTax,
      Total: total,
      RemainingCredit: total,
      Allocations: [],
      Payments: [],
      CurrencyRate: 1,
      CurrencyCode: input.currency ?? this.baseCurrency,
      HasAttachments: false,
      HasErrors: false,
      UpdatedDateUTC: msJson(at),
    };
    this.collections.CreditNotes.set(id, note);
    this.log('CREDITNOTE', 'CREATE', id, at);
    return note;
  }

  /** Allocates credit to an invoice: the invoice's AmountCredited rises, the note's RemainingCredit falls. */
  allocateCreditNote(creditNoteId: string, invoiceId: string, amount?: number, at = this.now()): void {
    const note = this.require('CreditNotes', creditNoteId);
    const invoice = this.require('Invoices', invoiceId);
    const applied = round2(amount ?? Math.min(note.RemainingCredit as number, invoice.AmountDue as number));
    const date = msJson(dayMs(new Date(at).toISOString().slice(0, 10)));
    (note.Allocations as XeroRecord[]).push({ AllocationID: randomUUID(), Amount: applied, Date: date, Invoice: { InvoiceID: invoice.InvoiceID, InvoiceNumber: invoice.InvoiceNumber, Payments: [], CreditNotes: [], Prepayments: [], Overpayments: [], HasErrors: false, IsDiscounted: false, LineItems: [] }, IsDeleted: false });
    const remaining = round2((note.RemainingCredit as number) - applied);
    this.touch('CreditNotes', note, at, { RemainingCredit: remaining, Status: remaining === 0 ? 'PAID' : note.Status });
    (invoice.CreditNotes as XeroRecord[]).push({ CreditNoteID: note.CreditNoteID, CreditNoteNumber: note.CreditNoteNumber, ID: note.CreditNoteID, AppliedAmount: applied, DateString: dateString(parseXeroDate(date)!), Date: date, LineItems: [], Total: note.Total });
    this.settle(invoice, at, { AmountCredited: round2((invoice.AmountCredited as number) + applied) }, date);
  }

  /** Any field change, as someone editing the record in Xero would make. */
  update(collection: XeroCollection, id: string, fields: XeroRecord, at = this.now()): XeroRecord {
    return this.touch(collection, this.require(collection, id), at, fields);
  }

  seedDemo(): XeroDemoSeed {
    return seedXeroDemo(this);
  }

  /** Recomputes AmountDue and PAID/AUTHORISED from the amounts, as Xero does after a payment or allocation. */
  private settle(invoice: XeroRecord, at: number, amounts: XeroRecord, settledOn?: string): void {
    Object.assign(invoice, amounts);
    const due = round2((invoice.Total as number) - (invoice.AmountPaid as number) - (invoice.AmountCredited as number));
    const paid = due <= 0;
    const fields: XeroRecord = { AmountDue: Math.max(due, 0), Status: paid ? 'PAID' : 'AUTHORISED' };
    if (paid && settledOn) fields.FullyPaidOnDate = settledOn;
    if (!paid) delete invoice.FullyPaidOnDate;
    this.touch('Invoices', invoice, at, fields);
  }

  private touch(collection: XeroCollection, record: XeroRecord, at: number, fields: XeroRecord): XeroRecord {
    Object.assign(record, fields, { UpdatedDateUTC: msJson(at) });
    const category = collection === 'Contacts' ? 'CONTACT' : collection === 'Invoices' ? 'INVOICE' : collection === 'CreditNotes' ? 'CREDITNOTE' : null;
    if (category) this.log(category, 'UPDATE', String(record[ID_FIELD[collection]]), at);
    return record;
  }

  private log(category: XeroChange['category'], type: XeroChange['type'], id: string, at: number): void {
    this.changes.push({ category, type, id, at });
  }
}

const BANK_ACCOUNT = { AccountID: '5690f1e8-1d02-4893-90c2-ee1a69eff942', Code: '090' };

function contactSummary(contact: XeroRecord): XeroRecord {
  return { ContactID: contact.ContactID, Name: contact.Name, Addresses: [], Phones: [], ContactGroups: [], ContactPersons: [], HasValidationErrors: false };
}

function lineItems(lines: readonly LineInput[], taxRate: number): XeroRecord[] {
  return lines.map((line) => {
    const quantity = line.quantity ?? 1;
    const lineAmount = round2(line.unitAmount * quantity);
    return {
      LineItemID: randomUUID(),
      Description: line.description,
      Quantity: quantity,
      UnitAmount: line.unitAmount,
      AccountCode: line.accountCode ?? '200',
      TaxType: taxRate > 0 ? 'OUTPUT' : 'NONE',
      TaxAmount: round2(lineAmount * taxRate),
      LineAmount: lineAmount,
      Tracking: [],
    };
  });
}
