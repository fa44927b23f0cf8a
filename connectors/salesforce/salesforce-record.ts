/** A record as the Salesforce REST API returns it: fields by API name plus `attributes`. */
export type SalesforceRecord = Record<string, unknown> & { Id: string; attributes?: { type: string; url?: string } };

export function asSalesforceRecord(raw: unknown, type: string): SalesforceRecord {
  if (!raw || typeof raw !== 'object' || typeof (raw as SalesforceRecord).Id !== 'string') {
    throw new Error(`Not a Salesforce ${type} record: expected { Id, ... }`);
  }
  return raw as SalesforceRecord;
}

export function text(record: SalesforceRecord, field: string): string | null {
  const value = record[field];
  if (value == null) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}
