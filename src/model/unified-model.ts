/**
 * The unified model: what every provider's objects become. Defined once, here.
 *
 * Each kind has a zod schema; a mapping's output is validated against it before it
 * reaches the cache, and a payload that fails goes to the dead-letter table instead.
 * Money is integer minor units plus an ISO 4217 code, never a float.
 */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO 8601 date');
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code');
const minor = z.number().int('money must be integer minor units');
const externalIds = z.array(z.string());
/**
 * How much of a payment or credit went to one invoice (the provider's own split, never guessed
 * from totals). One payment can settle several invoices; each invoice page shows only its share.
 */
export const allocationSchema = z.object({ invoiceExternalId: z.string().min(1), amountMinor: minor });
const allocations = z.array(allocationSchema).default([]);
/**
 * Fields a workspace adds from configuration (issue 6: a HubSpot custom property shown as
 * "Project phase"), keyed by the name the config gives them. Absent when none are configured.
 */
const customFields = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional();

export const companySchema = z.object({
  name: z.string().min(1),
  domain: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  ownerExternalId: z.string().nullable(),
  /** Billing identity (accounting and payment providers): addresses invoices go to, tax number, postal address. */
  emails: z.array(z.string()).default([]),
  taxNumber: z.string().nullable().default(null),
  billingAddress: z.string().nullable().default(null),
  custom: customFields,
});

export const contactSchema = z.object({
  email: z.string().email().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  fullName: z.string(),
  phone: z.string().nullable(),
  jobTitle: z.string().nullable(),
  companyExternalIds: externalIds,
  /** The CRM says this person opted out of email (Salesforce HasOptedOutOfEmail, HubSpot hs_email_optout): no invitation is sent. */
  emailOptedOut: z.boolean().default(false),
  custom: customFields,
});

export const dealSchema = z.object({
  name: z.string(),
  amountMinor: minor.nullable(),
  currency: currency.nullable(),
  pipelineId: z.string().nullable(),
  stageId: z.string().nullable(),
  stageLabel: z.string().nullable(),
  isClosed: z.boolean(),
  isWon: z.boolean(),
  closeDate: isoDate.nullable(),
  ownerExternalId: z.string().nullable(),
  companyExternalIds: externalIds,
  contactExternalIds: externalIds,
  custom: customFields,
});

export const projectSchema = z.object({
  name: z.string(),
  ownerName: z.string().nullable(),
  dueDate: isoDate.nullable(),
  percentComplete: z.number().min(0).max(100).nullable(),
  statusColor: z.enum(['green', 'yellow', 'red', 'blue', 'complete']).nullable(),
  statusText: z.string().nullable(),
  archived: z.boolean(),
  custom: customFields,
});

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'changes_requested'] as const;
export const approvalStatusSchema = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export const taskSchema = z.object({
  projectExternalId: z.string().nullable(),
  name: z.string(),
  isMilestone: z.boolean(),
  phase: z.string().nullable(),
  assigneeName: z.string().nullable(),
  dueDate: isoDate.nullable(),
  completed: z.boolean(),
  completedAt: z.string().nullable(),
  clientVisible: z.boolean(),
  /** The assignee's email where the provider gives it: who holds the task (the client's people, or staff). */
  assigneeEmail: z.string().nullable().default(null),
  /** Explicitly marked as the client's to do (a tag), whoever it is assigned to. */
  forClient: z.boolean().default(false),
  /** An approval task (Asana resource_subtype approval): its status, null for any other task. */
  approvalStatus: approvalStatusSchema.nullable().default(null),
  custom: customFields,
});

export const invoiceStatusSchema = z.enum(['draft', 'open', 'partially_paid', 'paid', 'void', 'overdue']);

export const invoiceSchema = z.object({
  number: z.string().nullable(),
  status: invoiceStatusSchema,
  issueDate: isoDate.nullable(),
  dueDate: isoDate.nullable(),
  currency,
  subtotalMinor: minor,
  taxMinor: minor,
  totalMinor: minor,
  amountDueMinor: minor,
  payUrl: z.string().url().nullable(),
  pdfAvailable: z.boolean(),
  customerExternalId: z.string().nullable(),
  /**
   * Identifiers of another system this invoice cites: what sync tools write into a QuickBooks memo,
   * a Xero reference or Stripe metadata (a Stripe invoice or charge id, another system's invoice
   * number). Cross-system matching reads them (src/billing).
   */
  references: z.array(z.string()).optional(),
  /** Other ids the provider knows this bill by besides its own id and number (a Stripe invoice's charge and payment intent). */
  aliases: z.array(z.string()).optional(),
  lines: z.array(
    z.object({
      description: z.string(),
      quantity: z.number(),
      unitAmountMinor: minor.nullable(),
      amountMinor: minor,
    }),
  ),
  custom: customFields,
});

export const creditNoteStatusSchema = z.enum(['draft', 'open', 'applied', 'void']);

/** Money the business owes back or has already set against invoices (QuickBooks CreditMemo, Xero ACCRECCREDIT). */
export const creditNoteSchema = z.object({
  number: z.string().nullable(),
  status: creditNoteStatusSchema,
  issueDate: isoDate.nullable(),
  currency,
  totalMinor: minor,
  /** What is left to allocate or refund. */
  remainingMinor: minor,
  customerExternalId: z.string().nullable(),
  /** Invoices it has been allocated against (every allocation's invoice, for linking). */
  invoiceExternalIds: externalIds,
  /** How much went to each invoice, where the provider says (Xero allocations). */
  allocations,
  lines: z.array(z.object({ description: z.string(), amountMinor: minor })),
  custom: customFields,
});

export const paymentSchema = z.object({
  amountMinor: minor,
  currency,
  paidAt: z.string(),
  refundedMinor: minor,
  method: z.string().nullable(),
  customerExternalId: z.string().nullable(),
  /** Invoices it settles: every allocation's invoice, plus any the provider names without an amount (identity links follow these). */
  invoiceExternalIds: externalIds,
  /** How much of the payment went to each invoice, as the provider reports it. */
  allocations,
  /**
   * Credit notes this payment transaction applied, and to which invoice (QuickBooks records a credit
   * memo's application on a Payment, as a CreditMemo line, not on the memo).
   */
  creditAllocations: z.array(allocationSchema.extend({ creditNoteExternalId: z.string().min(1) })).default([]),
  custom: customFields,
});

/** A person at the business (a CRM owner): shown to clients as their account team. */
export const teamMemberSchema = z.object({
  email: z.string().email().nullable(),
  name: z.string(),
  title: z.string().nullable(),
});

/**
 * A client's support request: a HubSpot ticket or a Salesforce Case (issue 16). `actionKey` is the
 * outbox marker when the portal opened it, so the pending row gives way to the CRM's own record.
 */
export const requestSchema = z.object({
  subject: z.string(),
  description: z.string().nullable(),
  /** The CRM's words for where it stands: the ticket's pipeline stage label, the Case Status. */
  statusLabel: z.string().nullable(),
  isClosed: z.boolean(),
  pipeline: z.string().nullable(),
  /** The number staff quote (CaseNumber; the ticket id). */
  number: z.string().nullable(),
  openedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  companyExternalIds: externalIds,
  contactExternalIds: externalIds,
  actionKey: z.string().nullable().default(null),
  custom: customFields,
});

/**
 * One message of a request's visible thread. Only what the CRM marks visible to the customer is
 * ever mapped to this kind (README "Visibility rules"); internal notes are not synced at all.
 */
export const requestMessageSchema = z.object({
  requestExternalId: z.string(),
  body: z.string(),
  authorName: z.string().nullable(),
  fromClient: z.boolean(),
  postedAt: z.string().nullable(),
  actionKey: z.string().nullable().default(null),
});

/**
 * A HubSpot quote (issue 17), read from the CRM and linked to the client through its deals.
 * `status` is HubSpot's hs_status as sent (DRAFT, PENDING_APPROVAL, APPROVAL_NOT_NEEDED, APPROVED,
 * REJECTED, and ACCEPTED for CPQ quotes); which of them a client may see is the portal's rule
 * (portal-ui/approvals/load-quotes.ts), not the mapping's, so staff views keep every quote.
 */
export const quoteSchema = z.object({
  title: z.string(),
  status: z.string().nullable(),
  /** hs_sign_status (ESIGN_PENDING, ESIGN_COMPLETED…) when e-signature is on; null otherwise. */
  signStatus: z.string().nullable(),
  esignEnabled: z.boolean(),
  amountMinor: minor.nullable(),
  currency: currency.nullable(),
  expiresOn: isoDate.nullable(),
  /** hs_quote_link: HubSpot's hosted quote page, set once the quote is published. */
  link: z.string().url().nullable(),
  dealExternalIds: externalIds,
});

export const recordSchemas = {
  company: companySchema,
  contact: contactSchema,
  deal: dealSchema,
  project: projectSchema,
  task: taskSchema,
  invoice: invoiceSchema,
  payment: paymentSchema,
  credit_note: creditNoteSchema,
  team_member: teamMemberSchema,
  request: requestSchema,
  request_message: requestMessageSchema,
  quote: quoteSchema,
} as const;

export type RecordKind = keyof typeof recordSchemas;
export const RECORD_KINDS = Object.keys(recordSchemas) as RecordKind[];

export type Company = z.infer<typeof companySchema>;
export type Contact = z.infer<typeof contactSchema>;
export type Deal = z.infer<typeof dealSchema>;
export type Project = z.infer<typeof projectSchema>;
export type Task = z.infer<typeof taskSchema>;
export type Invoice = z.infer<typeof invoiceSchema>;
export type InvoiceStatus = z.infer<typeof invoiceStatusSchema>;
export type Payment = z.infer<typeof paymentSchema>;
export type CreditNote = z.infer<typeof creditNoteSchema>;
export type Allocation = z.infer<typeof allocationSchema>;
export type TeamMember = z.infer<typeof teamMemberSchema>;
export type Request = z.infer<typeof requestSchema>;
export type RequestMessage = z.infer<typeof requestMessageSchema>;
export type Quote = z.infer<typeof quoteSchema>;

export type RecordData<K extends RecordKind> = z.infer<(typeof recordSchemas)[K]>;
/** What a mapping returns: fields with defaults (billing identity, custom fields) may be left out. */
export type RecordInput<K extends RecordKind> = z.input<(typeof recordSchemas)[K]>;

/** Where a record came from: one provider object in one connection. */
export interface RecordSource {
  connectionId: number;
  provider: string;
  objectType: string;
  externalId: string;
}

/** A unified record as stored in the cache. */
export interface StoredRecord<K extends RecordKind = RecordKind> extends RecordSource {
  id: number;
  workspaceId: number;
  kind: K;
  data: RecordData<K>;
  raw: unknown;
  contentHash: string;
  sourceUpdatedAt: number | null;
  syncedAt: number;
  deleted: boolean;
  clientId: number | null;
  version: number;
}
