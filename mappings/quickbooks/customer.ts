import { type ObjectMapping, formatAddress, splitEmails } from '../../src/connector-kit/index.js';
import { asQuickBooksEntity } from '../../connectors/quickbooks/quickbooks-entity.js';

interface Address {
  Line1?: string;
  Line2?: string;
  Line3?: string;
  City?: string;
  CountrySubDivisionCode?: string;
  PostalCode?: string;
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
      // PrimaryEmailAddr.Address may hold several addresses separated by commas (QuickBooks allows it).
      emails: splitEmails((customer.PrimaryEmailAddr as { Address?: string } | undefined)?.Address),
      taxNumber: (customer.PrimaryTaxIdentifier as string | undefined) || (customer.BusinessNumber as string | undefined) || null,
      billingAddress: address
        ? formatAddress([address.Line1, address.Line2, address.Line3, [address.PostalCode, address.City].filter(Boolean).join(' '), address.CountrySubDivisionCode, address.Country])
        : null,
    };
  },
};
