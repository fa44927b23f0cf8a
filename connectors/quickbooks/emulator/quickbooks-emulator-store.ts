/**
 * The company behind the QuickBooks emulator: customers, invoices, payments and credit memos in
 * the v3 API's JSON shape (`Id`/`SyncToken` strings, refs as `{ value, name }`, `MetaData`
 * times in the company's zone), plus what CDC and webhooks need: deletions and a change log.
 * Every mutator bumps `MetaData.LastUpdatedTime` and `SyncToken`, as QuickBooks does.
 */
import { randomBytes } from 'node:crypto';
import { companyDate, companyTime, DEFAULT_TIME_ZONE, truncateToSecond } from './company-time.js';
import { seedQuickBooksDemo, type QuickBooksDemoSeed } from './seed-quickbooks-demo.js';
import { seedQuietCompany, type QuietCompanyOptions, type QuietCompanySeed } from './seed-quiet-company.js';

/** The entities the hub syncs. */
export const QBO_ENTITIES = ['Customer', 'Invoice', 'Payment', 'CreditMemo'] as const;
/** Everything the emulator answers queries, reads and CDC for: the synced entities and Attachables (files on them). */
export const QBO_QUERYABLE = [...QBO_ENTITIES, 'Attachable'] as const;
export type QboEntityName = (typeof QBO_QUERYABLE)[number];

export type QboEntity = Record<string, unknown> & {
  Id: string;
  SyncToken: string;
  domain: 'QBO';
  sparse: false;
  MetaData: { CreateTime: string; LastUpdatedTime: string };
};

export interface QboChange {
  entity: QboEntityName;
  id: string;
  operation: 'Create' | 'Update' | 'Delete' | 'Void';
  at: number;
}

export interface CustomerInput {
  displayName: string;
  companyName?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  phone?: string;
  website?: string;
  city?: string;
  country?: string;
}

export interface LineInput {
  description: string;
  /** Unit price in the currency's major unit (QuickBooks amounts are decimals). */
  unitPrice: number;
  qty?: number;
  itemName?: string;
}

export interface InvoiceInput {
  customerId: string;
  lines: LineInput[];
  txnDate?: string;
  dueDate?: string;
  docNumber?: string;
  /** Tax as a fraction of the lines' total (0.0875 = 8.75 %). */
  taxRate?: number;
  currency?: string;
  memo?: string;
}

export interface StoreOptions {
  now?: () => number;
  realmId?: string;
  timeZone?: string;
  homeCurrency?: string;
  companyName?: string;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export class QuickBooksEmulatorStore {
  readonly now: () => number;
  readonly realmId: string;
  readonly timeZone: string;
  readonly homeCurrency: string;
  readonly companyName: string;
  /** The company takes QuickBooks Payments: only then does an invoice read with include=invoiceLink carry its InvoiceLink. */
  paymentsEnabled = true;
  readonly entities: Record<QboEntityName, Map<string, QboEntity>> = { Customer: new Map(), Invoice: new Map(), Payment: new Map(), CreditMemo: new Map(), Attachable: new Map() };
  /** The bytes of file Attachables (uploaded through /upload in QuickBooks), by Attachable id. */
  readonly attachmentBytes = new Map<string, Buffer>();
  /** Where temporary download URLs point (the emulator's own URL once it listens), and what signs them. */
  downloadBase = 'https://intuit-qbo-attachments.emulator.invalid';
  readonly downloadSecret = randomBytes(16);
  /** Deleted transactions, as CDC reports them (`status: "Deleted"`) for 30 days. */
  readonly deletions: { entity: QboEntityName; id: string; at: number }[] = [];
  /** Every change, in order: what webhooks are built from. */
  readonly changes: QboChange[] = [];
  // Names (customers) and transactions have separate id sequences in QuickBooks.
  private nextNameId = 58;
  private nextTxnId = 130;
  private nextDocNumber = 1001;
  // Attachables have their own sequence too (ids in the 5 000 000 000s at Intuit).
  private nextAttachableId = 5_000_000_000_001;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.realmId = options.realmId ?? '9341453050071366';
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.homeCurrency = options.homeCurrency ?? 'USD';
    this.companyName = options.companyName ?? 'Brightside Agency';
  }

  get(entity: QboEntityName, id: string): QboEntity | undefined {
    return this.entities[entity].get(id);
  }

  require(entity: QboEntityName, id: string): QboEntity {
    const found = this.get(entity, id);
    if (!found) throw new Error(`QuickBooks emulator: no ${entity} ${id}`);
    return found;
  }

  /** MetaData.LastUpdatedTime in ms. */
  updatedAt(entity: QboEntity): number {
    return Date.parse(entity.MetaData.LastUpdatedTime);
  }

  time(ms: number): string {
    return companyTime(ms, this.timeZone);
  }

  date(ms: number): string {
    return companyDate(ms, this.timeZone);
  }

  createCustomer(input: CustomerInput, at = this.now()): QboEntity {
    const id = String(this.nextNameId++);
    const customer = this.newEntity(id, at, {
      DisplayName: input.displayName,
      FullyQualifiedName: input.displayName,
      PrintOnCheckName: input.companyName ?? input.displayName,
      ...(input.companyName ? { CompanyName: input.companyName } : {}),
      ...(input.givenName ? { GivenName: input.givenName } : {}),
      ...(input.familyName ? { FamilyName: input.familyName } : {}),
      ...(input.email ? { PrimaryEmailAddr: { Address: input.email } } : {}),
      ...(input.phone ? { PrimaryPhone: { FreeFormNumber: input.phone } } : {}),
      ...(input.website ? { WebAddr: { URI: input.website } } : {}),
      ...(input.city || input.country ? { BillAddr: { Id: String(this.nextNameId + 100), ...(input.city ? { City: input.city } : {}), ...(input.country ? { Country: input.country } : {}) } } : {}),
      Job: false,
      BillWithParent: false,
      Taxable: false,
      Active: true,
      Balance: 0,
      BalanceWithJobs: 0,
      CurrencyRef: { value: this.homeCurrency, name: currencyName(this.homeCurrency) },
      PreferredDeliveryMethod: 'Email',
    });
    this.entities.Customer.set(id, customer);
    this.log('Customer', id, 'Create', at);
    return customer;
  }

  createInvoice(input: InvoiceInput, at = this.now()): QboEntity {
    const customer = this.require('Customer', input.customerId);
    const id = String(this.nextTxnId++);
    const lines = salesLines(input.lines);
    const subtotal = round2(lines.reduce((sum, line) => sum + (line.Amount as number), 0));
    const tax = round2(subtotal * (input.taxRate ?? 0));
    const total = round2(subtotal + tax);
    const txnDate = input.txnDate ?? this.date(at);
    const invoice = this.newEntity(id, at, {
      DocNumber: input.docNumber ?? String(this.nextDocNumber++),
      TxnDate: txnDate,
      DueDate: input.dueDate ?? addDays(txnDate, 30),
      CurrencyRef: { value: input.currency ?? this.homeCurrency, name: currencyName(input.currency ?? this.homeCurrency) },
      CustomerRef: { value: customer.Id, name: customer.DisplayName },
      ...(customer.PrimaryEmailAddr ? { BillEmail: customer.PrimaryEmailAddr } : {}),
      ...(customer.BillAddr ? { BillAddr: customer.BillAddr } : {}),
      SalesTermRef: { value: '3', name: 'Net 30' },
      Line: [...lines, { Amount: subtotal, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }],
      TxnTaxDetail: { TotalTax: tax },
      TotalAmt: total,
      Balance: total,
      Deposit: 0,
      ApplyTaxAfterDiscount: false,
      PrintStatus: 'NotSet',
      EmailStatus: 'NotSet',
      AllowOnlineCreditCardPayment: true,
      AllowOnlineACHPayment: true,
      LinkedTxn: [],
      CustomField: [],
      ...(input.memo ? { CustomerMemo: { value: input.memo } } : {}),
    });
    this.entities.Invoice.set(id, invoice);
    this.log('Invoice', id, 'Create', at);
    this.refreshCustomerBalance(customer.Id, at);
    return invoice;
  }

  /** A customer's credit (a refund or goodwill): it lowers what they owe once applied to an invoice. */
  createCreditMemo(input: InvoiceInput, at = this.now()): QboEntity {
    const customer = this.require('Customer', input.customerId);
    const id = String(this.nextTxnId++);
    const lines = salesLines(input.lines);
    const total = round2(lines.reduce((sum, line) => sum + (line.Amount as number), 0));
    const memo = this.newEntity(id, at, {
      DocNumber: input.docNumber ?? `CM-${this.nextDocNumber++}`,
      TxnDate: input.txnDate ?? this.date(at),
      CurrencyRef: { value: input.currency ?? this.homeCurrency, name: currencyName(input.currency ?? this.homeCurrency) },
      CustomerRef: { value: customer.Id, name: customer.DisplayName },
      Line: [...lines, { Amount: total, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }],
      TxnTaxDetail: { TotalTax: 0 },
      TotalAmt: total,
      RemainingCredit: total,
      Balance: total,
      ApplyTaxAfterDiscount: false,
      PrintStatus: 'NotSet',
      EmailStatus: 'NotSet',
      ...(input.memo ? { CustomerMemo: { value: input.memo } } : {}),
    });
    this.entities.CreditMemo.set(id, memo);
    this.log('CreditMemo', id, 'Create', at);
    this.refreshCustomerBalance(customer.Id, at);
    return memo;
  }

  /**
   * Receives a payment. With invoice ids only, each invoice's whole balance is settled (one
   * payment can settle several); with amounts, only that much of each. The payment's lines link
   * the invoices (`LinkedTxn` TxnType "Invoice"), and each invoice links the payment back.
   */
  payInvoice(settles: string | readonly (string | { invoiceId: string; amount: number })[], options: { txnDate?: string; method?: string; at?: number } = {}): QboEntity {
    const at = options.at ?? this.now();
    const parts = (typeof settles === 'string' ? [settles] : settles).map((item) => {
      const invoice = this.require('Invoice', typeof item === 'string' ? item : item.invoiceId);
      const amount = typeof item === 'string' ? (invoice.Balance as number) : item.amount;
      if (amount <= 0 || amount > (invoice.Balance as number) + 1e-9) throw new Error(`QuickBooks emulator: cannot apply ${amount} to invoice ${invoice.Id} (balance ${String(invoice.Balance)})`);
      return { invoice, amount: round2(amount) };
    });
    const customerIds = new Set(parts.map((part) => (part.invoice.CustomerRef as { value: string }).value));
    if (customerIds.size !== 1) throw new Error('QuickBooks emulator: a payment settles invoices of one customer');
    const customer = this.require('Customer', [...customerIds][0]!);
    const id = String(this.nextTxnId++);
    const total = round2(parts.reduce((sum, part) => sum + part.amount, 0));
    const payment = this.newEntity(id, at, {
      TxnDate: options.txnDate ?? this.date(at),
      CurrencyRef: parts[0]!.invoice.CurrencyRef,
      CustomerRef: { value: customer.Id, name: customer.DisplayName },
      DepositToAccountRef: { value: '35', name: 'Checking' },
      ...(options.method ? { PaymentMethodRef: { value: methodId(options.method), name: options.method } } : {}),
      TotalAmt: total,
      UnappliedAmt: 0,
      ProcessPayment: false,
      Line: parts.map((part) => ({ Amount: part.amount, LinkedTxn: [{ TxnId: part.invoice.Id, TxnType: 'Invoice' }], LineEx: lineEx(part.invoice) })),
    });
    this.entities.Payment.set(id, payment);
    this.log('Payment', id, 'Create', at);
    for (const part of parts) {
      part.invoice.Balance = round2((part.invoice.Balance as number) - part.amount);
      (part.invoice.LinkedTxn as unknown[]).push({ TxnId: id, TxnType: 'Payment' });
      this.touch('Invoice', part.invoice, at);
    }
    this.refreshCustomerBalance(customer.Id, at);
    return payment;
  }

  /** QuickBooks applies a credit memo through a zero-total payment linking the memo and the invoice. */
  applyCreditMemo(creditMemoId: string, invoiceId: string, amount?: number, at = this.now()): QboEntity {
    const memo = this.require('CreditMemo', creditMemoId);
    const invoice = this.require('Invoice', invoiceId);
    const applied = round2(amount ?? Math.min(memo.RemainingCredit as number, invoice.Balance as number));
    const id = String(this.nextTxnId++);
    const customer = this.require('Customer', (invoice.CustomerRef as { value: string }).value);
    const payment = this.newEntity(id, at, {
      TxnDate: this.date(at),
      CurrencyRef: invoice.CurrencyRef,
      CustomerRef: { value: customer.Id, name: customer.DisplayName },
      TotalAmt: 0,
      UnappliedAmt: 0,
      ProcessPayment: false,
      Line: [
        { Amount: applied, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }], LineEx: lineEx(invoice) },
        { Amount: applied, LinkedTxn: [{ TxnId: memo.Id, TxnType: 'CreditMemo' }] },
      ],
    });
    this.entities.Payment.set(id, payment);
    this.log('Payment', id, 'Create', at);
    invoice.Balance = round2((invoice.Balance as number) - applied);
    (invoice.LinkedTxn as unknown[]).push({ TxnId: id, TxnType: 'Payment' });
    this.touch('Invoice', invoice, at);
    memo.RemainingCredit = round2((memo.RemainingCredit as number) - applied);
    memo.Balance = memo.RemainingCredit;
    this.touch('CreditMemo', memo, at);
    this.refreshCustomerBalance(customer.Id, at);
    return payment;
  }

  /** Voiding keeps the invoice and its lines but zeroes every amount, and QuickBooks writes "Voided" into the private note. */
  voidInvoice(id: string, at = this.now()): QboEntity {
    const invoice = this.require('Invoice', id);
    if ((invoice.TotalAmt as number) !== (invoice.Balance as number)) throw new Error(`QuickBooks emulator: invoice ${id} has payments applied; delete them before voiding`);
    for (const line of invoice.Line as Record<string, unknown>[]) {
      line.Amount = 0;
      const detail = line.SalesItemLineDetail as Record<string, unknown> | undefined;
      if (detail) detail.Qty = 0;
    }
    Object.assign(invoice, { TotalAmt: 0, Balance: 0, TxnTaxDetail: { TotalTax: 0 }, PrivateNote: 'Voided' });
    this.touch('Invoice', invoice, at, 'Void');
    this.refreshCustomerBalance((invoice.CustomerRef as { value: string }).value, at);
    return invoice;
  }

  /** Deleting a payment puts its amounts back on the invoices it settled. */
  deletePayment(id: string, at = this.now()): void {
    const payment = this.require('Payment', id);
    for (const line of payment.Line as { Amount: number; LinkedTxn: { TxnId: string; TxnType: string }[] }[]) {
      for (const link of line.LinkedTxn) {
        const target = this.get(link.TxnType as QboEntityName, link.TxnId);
        if (!target) continue;
        if (link.TxnType === 'Invoice') {
          target.Balance = round2((target.Balance as number) + line.Amount);
          target.LinkedTxn = (target.LinkedTxn as { TxnId: string }[]).filter((linked) => linked.TxnId !== id);
        } else if (link.TxnType === 'CreditMemo') {
          target.RemainingCredit = round2((target.RemainingCredit as number) + line.Amount);
          target.Balance = target.RemainingCredit;
        }
        this.touch(link.TxnType as QboEntityName, target, at);
      }
    }
    this.remove('Payment', id, at);
    this.refreshCustomerBalance((payment.CustomerRef as { value: string }).value, at);
  }

  deleteInvoice(id: string, at = this.now()): void {
    const invoice = this.require('Invoice', id);
    if ((invoice.LinkedTxn as unknown[]).length > 0) throw new Error(`QuickBooks emulator: invoice ${id} has linked payments; delete them first`);
    this.remove('Invoice', id, at);
    this.refreshCustomerBalance((invoice.CustomerRef as { value: string }).value, at);
  }

  /**
   * QuickBooks never deletes a customer: "deleting" makes it inactive and appends " (deleted)" to
   * its name. Queries then leave it out unless they ask for `Active = false`; CDC returns it as an
   * update with `Active: false`, never with `status: "Deleted"`.
   */
  deleteCustomer(id: string, at = this.now()): QboEntity {
    const customer = this.require('Customer', id);
    const name = `${String(customer.DisplayName)} (deleted)`;
    Object.assign(customer, { Active: false, DisplayName: name, FullyQualifiedName: name });
    this.touch('Customer', customer, at, 'Delete');
    return customer;
  }

  /**
   * A file attached to an invoice, as attaching it in QuickBooks (or POST /upload) leaves it: an
   * Attachable with FileName, ContentType, Size and an AttachableRef to the invoice whose
   * IncludeOnSend says whether the file goes to the customer with the invoice.
   */
  addInvoiceAttachment(input: { invoiceId: string; fileName: string; contentType: string; body: Buffer; includeOnSend: boolean; category?: string; note?: string }, at = this.now()): QboEntity {
    const invoice = this.require('Invoice', input.invoiceId);
    const id = String(this.nextAttachableId++);
    const attachable = this.newEntity(id, at, {
      FileName: input.fileName,
      ContentType: input.contentType,
      Size: input.body.length,
      Category: input.category ?? 'Document',
      ...(input.note ? { Note: input.note } : {}),
      AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoice.Id }, IncludeOnSend: input.includeOnSend }],
      FileAccessUri: `/v3/company/${this.realmId}/download/${id}`,
    });
    this.entities.Attachable.set(id, attachable);
    this.attachmentBytes.set(id, input.body);
    this.log('Attachable', id, 'Create', at);
    return attachable;
  }

  /** Any field change, as a user editing the record would make. */
  update(entity: QboEntityName, id: string, fields: Record<string, unknown>, at = this.now()): QboEntity {
    const record = this.require(entity, id);
    Object.assign(record, fields);
    this.touch(entity, record, at);
    return record;
  }

  /**
   * CDC: what changed at or after `since`, grouped by entity, ordered by update time, deleted
   * ones after the live ones; at most `maxObjects` across all entities (QuickBooks: 1 000).
   */
  changedSince(entities: readonly QboEntityName[], since: number, maxObjects = 1000): Map<QboEntityName, Record<string, unknown>[]> {
    const answer = new Map<QboEntityName, Record<string, unknown>[]>();
    let left = maxObjects;
    for (const entity of entities) {
      const live = [...this.entities[entity].values()].filter((record) => this.updatedAt(record) >= since).sort((a, b) => this.updatedAt(a) - this.updatedAt(b));
      const gone = this.deletions
        .filter((deletion) => deletion.entity === entity && deletion.at >= since)
        .map((deletion) => ({ domain: 'QBO', status: 'Deleted', Id: deletion.id, MetaData: { LastUpdatedTime: this.time(deletion.at) } }));
      const list = [...live, ...gone].slice(0, Math.max(left, 0));
      left -= list.length;
      answer.set(entity, list);
    }
    return answer;
  }

  seedDemo(): QuickBooksDemoSeed {
    return seedQuickBooksDemo(this);
  }

  /** A company with no edits for `daysSinceLastEdit` days (default 40). */
  seedQuiet(options: QuietCompanyOptions): QuietCompanySeed {
    return seedQuietCompany(this, options);
  }

  private newEntity(id: string, at: number, fields: Record<string, unknown>): QboEntity {
    const stamp = this.time(truncateToSecond(at));
    return { domain: 'QBO', sparse: false, Id: id, SyncToken: '0', MetaData: { CreateTime: stamp, LastUpdatedTime: stamp }, ...fields } as QboEntity;
  }

  private touch(entity: QboEntityName, record: QboEntity, at: number, operation: QboChange['operation'] = 'Update'): void {
    record.SyncToken = String(Number(record.SyncToken) + 1);
    record.MetaData = { ...record.MetaData, LastUpdatedTime: this.time(truncateToSecond(at)) };
    this.log(entity, record.Id, operation, at);
  }

  private remove(entity: QboEntityName, id: string, at: number): void {
    this.entities[entity].delete(id);
    this.deletions.push({ entity, id, at: truncateToSecond(at) });
    this.log(entity, id, 'Delete', at);
  }

  private log(entity: QboEntityName, id: string, operation: QboChange['operation'], at: number): void {
    this.changes.push({ entity, id, operation, at });
  }

  /** The customer's Balance is what its open invoices owe, less unapplied credit. */
  private refreshCustomerBalance(customerId: string, at: number): void {
    const customer = this.get('Customer', customerId);
    if (!customer) return;
    const owes = (map: Map<string, QboEntity>) => [...map.values()].filter((txn) => (txn.CustomerRef as { value: string }).value === customerId).reduce((sum, txn) => sum + (txn.Balance as number), 0);
    const balance = round2(owes(this.entities.Invoice) - owes(this.entities.CreditMemo));
    if (balance === customer.Balance) return;
    Object.assign(customer, { Balance: balance, BalanceWithJobs: balance });
    this.touch('Customer', customer, at);
  }
}

function salesLines(lines: readonly LineInput[]): Record<string, unknown>[] {
  return lines.map((line, index) => {
    const qty = line.qty ?? 1;
    return {
      Id: String(index + 1),
      LineNum: index + 1,
      Description: line.description,
      Amount: round2(line.unitPrice * qty),
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: '1', name: line.itemName ?? 'Services' }, UnitPrice: line.unitPrice, Qty: qty, ItemAccountRef: { value: '1', name: 'Services' }, TaxCodeRef: { value: 'NON' } },
    };
  });
}

/** Payment lines carry the invoice's number and balance in LineEx name/value pairs. */
function lineEx(invoice: QboEntity): unknown {
  const pair = (Name: string, Value: string) => ({ name: '{http://schema.intuit.com/finance/v3}NameValue', nil: false, value: { Name, Value }, declaredType: 'com.intuit.schema.finance.v3.NameValue', scope: 'javax.xml.bind.JAXBElement$GlobalScope', globalScope: true, typeSubstituted: false });
  return { any: [pair('txnId', invoice.Id), pair('txnOpenBalance', String(invoice.Balance)), pair('txnReferenceNumber', String(invoice.DocNumber))] };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function currencyName(code: string): string {
  return ({ USD: 'United States Dollar', EUR: 'Euro', GBP: 'British Pound Sterling', CAD: 'Canadian Dollar', AUD: 'Australian Dollar', JPY: 'Japanese Yen' } as Record<string, string>)[code] ?? code;
}

function methodId(method: string): string {
  return ({ Cash: '1', Check: '2', 'Credit Card': '3', ACH: '4' } as Record<string, string>)[method] ?? '5';
}
