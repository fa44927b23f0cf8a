/** The part of node-quickbooks (untyped CommonJS) the connector uses. */
declare module 'node-quickbooks' {
  type Callback = (error: unknown, body: unknown) => void;
  class QuickBooks {
    constructor(
      consumerKey: string,
      consumerSecret: string,
      token: string,
      tokenSecret: false | string,
      realmId: string,
      useSandbox: boolean,
      debug: boolean,
      minorversion: number,
      oauthversion: '2.0',
      refreshToken?: string,
    );
    static TOKEN_URL: string;
    static REVOKE_URL: string;
    revokeAccess(useRefresh: boolean, callback: Callback): void;
    endpoint: string;
    refreshAccessToken(callback: Callback): void;
    realmId: string;
    findCustomers(criteria: unknown, callback: Callback): void;
    findInvoices(criteria: unknown, callback: Callback): void;
    findPayments(criteria: unknown, callback: Callback): void;
    findCreditMemos(criteria: unknown, callback: Callback): void;
    /** Attachables (files and notes attached to entities): `{ QueryResponse: { Attachable?: [...] } }`. */
    findAttachables(criteria: unknown, callback: Callback): void;
    /** One Attachable; a file's carries a TempDownloadUri. */
    getAttachable(id: string, callback: Callback): void;
    getPreferences(callback: Callback): void;
    /** The body is the PDF's bytes (axios arraybuffer). */
    getInvoicePdf(id: string, callback: Callback): void;
    getInvoice(id: string, callback: Callback): void;
    getCompanyInfo(id: string, callback: Callback): void;
    changeDataCapture(entities: string[] | string, since: string, callback: Callback): void;
  }
  export default QuickBooks;
}
