/**
 * Billing settings (issue 18), from the config file's `billing` section and the environment:
 * which system's copy of a mirrored invoice is shown (per provider pair), how far apart two
 * copies' dates may be, and what a client reads when an invoice has no online payment page.
 */
import { z } from 'zod';

export const BILLING_PROVIDERS = ['stripe', 'quickbooks', 'xero'] as const;

export interface BillingConfig {
  /**
   * Key: the two providers sorted and joined with "+" ("stripe+xero"); value: the provider whose
   * copy is shown and whose amounts count. Pairs not named fall back to the books (QuickBooks or
   * Xero) over Stripe: the ledger is what the business reconciles.
   */
  systemOfRecord: Record<string, string>;
  /** Two copies of one bill may be dated this many days apart (sync tools post a day or two late). */
  matchToleranceDays: number;
  /** Shown with an open invoice that has no payment page (bank details, a phone number). */
  paymentInstructions: string | undefined;
}

const pairKey = z.string().regex(/^[a-z]+\+[a-z]+$/, 'a provider pair like "stripe+xero"');

export const billingFileSchema = z
  .object({
    systemOfRecord: z.record(pairKey, z.enum(BILLING_PROVIDERS)).optional(),
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
    for (const named of [a, b]) {
      if (!(BILLING_PROVIDERS as readonly string[]).includes(named)) throw new Error(`billing.systemOfRecord."${pair}": "${named}" is not a billing provider (${BILLING_PROVIDERS.join(', ')})`);
    }
    if (a === b) throw new Error(`billing.systemOfRecord."${pair}": name two different providers`);
    if (provider !== a && provider !== b) throw new Error(`billing.systemOfRecord."${pair}": "${provider}" is not one of the pair`);
    systemOfRecord[providerPairKey(a, b)] = provider;
  }
  const instructions = env.CLIENTHUB_PAYMENT_INSTRUCTIONS ?? file?.paymentInstructions;
  return {
    systemOfRecord,
    matchToleranceDays: file?.matchToleranceDays ?? 3,
    paymentInstructions: instructions?.trim() ? instructions.trim() : undefined,
  };
}

export const DEFAULT_BILLING_CONFIG: BillingConfig = { systemOfRecord: {}, matchToleranceDays: 3, paymentInstructions: undefined };
