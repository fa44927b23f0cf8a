/**
 * Billing settings (issue 18), from the config file's `billing` section and the environment:
 * which system's copy of a mirrored invoice is shown (per provider pair), how far apart two
 * copies' dates may be, and what a client reads when an invoice has no online payment page.
 */
import { z } from 'zod';

export interface BillingConfig {
  /**
   * Key: the two providers sorted and joined with "+" ("stripe+xero"); value: the provider whose
   * copy is shown and whose amounts count. Pairs not named fall back to the books over a payment
   * processor (each connector's billingRole): the ledger is what the business reconciles. Which
   * providers keep invoices is known only once connectors load (applyConnectorDeclarations checks the names).
   */
  systemOfRecord: Record<string, string>;
  /** provider → its connector's billingRole, filled at start by applyConnectorDeclarations. */
  billingRoles: Record<string, 'books' | 'payments'>;
  /** Two copies of one bill may be dated this many days apart (sync tools post a day or two late). */
  matchToleranceDays: number;
  /** Shown with an open invoice that has no payment page (bank details, a phone number). */
  paymentInstructions: string | undefined;
}

const providerId = /^[a-z0-9-]+$/;
const pairKey = z.string().regex(/^[a-z0-9-]+\+[a-z0-9-]+$/, 'a provider pair like "stripe+xero"');

export const billingFileSchema = z
  .object({
    systemOfRecord: z.record(pairKey, z.string().regex(providerId, 'a provider id')).optional(),
    matchToleranceDays: z.number().int().min(0).max(31).optional(),
    paymentInstructions: z.string().max(2000).optional(),
  })
  .strict();

export function providerPairKey(a: string, b: string): string {
  return [a, b].sort().join('+');
}

export function loadBillingConfig(env: NodeJS.ProcessEnv, file: z.infer<typeof billingFileSchema> | undefined): BillingConfig {
  const systemOfRecord: Record<string, string> = {};
  for (const [pair, provider] of Object.entries(file?.systemOfRecord ?? {})) {
    const [a, b] = pair.split('+') as [string, string];
    if (a === b) throw new Error(`billing.systemOfRecord."${pair}": name two different providers`);
    if (provider !== a && provider !== b) throw new Error(`billing.systemOfRecord."${pair}": "${provider}" is not one of the pair`);
    systemOfRecord[providerPairKey(a, b)] = provider;
  }
  const instructions = env.CLIENTHUB_PAYMENT_INSTRUCTIONS ?? file?.paymentInstructions;
  return {
    systemOfRecord,
    billingRoles: {},
    matchToleranceDays: file?.matchToleranceDays ?? 3,
    paymentInstructions: instructions?.trim() ? instructions.trim() : undefined,
  };
}

export const DEFAULT_BILLING_CONFIG: BillingConfig = { systemOfRecord: {}, billingRoles: {}, matchToleranceDays: 3, paymentInstructions: undefined };

/**
 * Checks the providers billing.systemOfRecord names against the loaded connectors (each must keep
 * invoices) and records every connector's billingRole, once at start.
 */
export function applyBillingDeclarations(billing: BillingConfig, connectors: { provider: string; billingRole?: 'books' | 'payments'; objectTypeForKind: { invoice?: string } }[]): void {
  const withInvoices = connectors.filter((connector) => connector.objectTypeForKind.invoice).map((connector) => connector.provider).sort();
  for (const pair of Object.keys(billing.systemOfRecord)) {
    for (const named of pair.split('+')) {
      if (!withInvoices.includes(named)) throw new Error(`billing.systemOfRecord."${pair}": "${named}" is not a provider with invoices (${withInvoices.join(', ') || 'none loaded'})`);
    }
  }
  for (const connector of connectors) if (connector.billingRole) billing.billingRoles[connector.provider] = connector.billingRole;
}
