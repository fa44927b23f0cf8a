import type { MappingContext } from '../../src/connector-kit/index.js';

/** A QuickBooks Online entity as the v3 API returns it (`Id`, `SyncToken`, `MetaData`, refs as `{ value, name }`). */
export type QuickBooksEntity = Record<string, unknown> & { Id: string; MetaData?: { LastUpdatedTime?: string } };

export function asQuickBooksEntity(raw: unknown, type: string): QuickBooksEntity {
  if (!raw || typeof raw !== 'object' || typeof (raw as QuickBooksEntity).Id !== 'string') throw new Error(`Not a QuickBooks ${type}: expected { Id, ... }`);
  return raw as QuickBooksEntity;
}

export function refValue(value: unknown): string | null {
  const ref = value as { value?: unknown } | undefined;
  return ref?.value == null ? null : String(ref.value);
}

/** The invoice's currency: its own CurrencyRef in multicurrency companies, else the company's home currency. */
export function currencyOf(entity: QuickBooksEntity, context: MappingContext): string {
  return (refValue(entity.CurrencyRef) ?? context.metadata.get<{ value: string }>('homeCurrency')?.value ?? context.config.defaultCurrency).toUpperCase();
}
