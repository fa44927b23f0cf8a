import type { ObjectMapping } from '../../connectors/connector.js';
import { asQuickBooksEntity } from './quickbooks-entity.js';

interface Address {
  City?: string;
  Country?: string;
}

/** A QuickBooks customer is the client's billing identity; linking it to a client is identity resolution's job. */
export const customerMapping: ObjectMapping<'company'> = {
  provider: 'quickbooks',
  objectType: 'Customer',
  kind: 'company',
  map(raw) {
    const customer = asQuickBooksEntity(raw, 'Customer');
    const address = customer.BillAddr as Address | undefined;
    const name = (customer.CompanyName as string | undefined) || (customer.DisplayName as string | undefined) || `QuickBooks customer ${customer.Id}`;
    return {
      name,
      domain: null,
      phone: (customer.PrimaryPhone as { FreeFormNumber?: string } | undefined)?.FreeFormNumber ?? null,
      website: (customer.WebAddr as { URI?: string } | undefined)?.URI ?? null,
      city: address?.City ?? null,
      country: address?.Country ?? null,
      ownerExternalId: null,
    };
  },
};
