import { defineSettings, setting } from '../../src/connector-kit/index.js';

/** HubSpot's settings (README "HubSpot", generated from this declaration). */
export const hubspotSettings = defineSettings({
  provider: 'hubspot',
  displayName: 'HubSpot',
  variables: {
    accessToken: { env: 'HUBSPOT_ACCESS_TOKEN', schema: setting.text(), secret: true, doc: 'private app token (pat-…) or an OAuth access token: a connection from the environment' },
    refreshToken: { env: 'HUBSPOT_REFRESH_TOKEN', schema: setting.text(), secret: true, doc: 'with the app keys, lets the hub refresh an OAuth access token given by environment' },
    portalId: { env: 'HUBSPOT_PORTAL_ID', file: 'portalId', schema: setting.text(), defaultText: 'learnt from the first webhook', doc: 'the HubSpot account id (portalId) of the environment connection; webhook events are routed by it' },
    clientId: { env: 'HUBSPOT_CLIENT_ID', schema: setting.text(), doc: 'public app client id, for "Connect HubSpot" in the staff console (or `npx clienthub connect hubspot`)' },
    clientSecret: { env: 'HUBSPOT_CLIENT_SECRET', schema: setting.text(), secret: true, doc: 'public app client secret; also signs v3 webhooks' },
    baseUrl: { env: 'HUBSPOT_BASE_URL', file: 'baseUrl', schema: setting.url('https://api.hubapi.com'), doc: 'API base URL: production, a proxy, or the local emulator' },
    closedWonStages: { env: 'HUBSPOT_CLOSED_WON_STAGES', file: 'closedWonStages', schema: setting.list(), defaultText: "from HubSpot's pipeline metadata", doc: "comma-separated deal stage ids that count as won, overriding HubSpot's stage metadata (isClosed and probability 1.0)" },
    documentsFolder: {
      env: 'HUBSPOT_DOCUMENTS_FOLDER',
      file: 'documentsFolder',
      schema: setting.text(),
      defaultText: 'none: only files attached to notes',
      doc: "a File Manager folder per client whose PRIVATE files are the client's documents besides note attachments: a path with {company} (the company's name) or {companyId}, e.g. /Clients/{company}",
    },
    authorizeUrl: { env: 'HUBSPOT_AUTHORIZE_URL', schema: setting.url('https://app.hubspot.com/oauth/authorize'), doc: 'OAuth authorize page' },
    ticketPipeline: { env: 'HUBSPOT_TICKET_PIPELINE', file: 'ticketPipeline', schema: setting.textOr('0'), doc: 'ticket pipeline id that client requests from the portal open in ("0": the default Support Pipeline)' },
    ticketStage: { env: 'HUBSPOT_TICKET_STAGE', file: 'ticketStage', schema: setting.textOr('1'), doc: 'pipeline stage id a new client request starts in ("1": New)' },
    uploadFolder: { env: 'HUBSPOT_UPLOAD_FOLDER', file: 'uploadFolder', schema: setting.textOr('/ClientHub uploads'), doc: 'file manager folder (path) where client uploads from the portal’s Documents page are stored, privately, before a note attaches them to the company' },
    searchRequestsPerSecond: { env: 'HUBSPOT_SEARCH_RPS', schema: setting.positive(4), doc: 'CRM search requests per second per account (HubSpot allows about 5)' },
    scopes: {
      env: 'HUBSPOT_SCOPES',
      schema: setting.listOr(['crm.objects.companies.read', 'crm.objects.contacts.read', 'crm.objects.deals.read', 'crm.objects.owners.read']),
      defaultText: 'crm.objects.companies/contacts/deals/owners.read',
      doc: 'OAuth scopes the console asks for, comma-separated; the account must grant every one',
    },
    optionalScopes: {
      env: 'HUBSPOT_OPTIONAL_SCOPES',
      schema: setting.listOr(['tickets', 'sales-email-read', 'crm.objects.quotes.read', 'files', 'crm.objects.contacts.write']),
      defaultText: 'tickets, sales-email-read, crm.objects.quotes.read, files, crm.objects.contacts.write',
      doc: "OAuth scopes asked for as optional (HubSpot's optional_scope): granted where the account's tier has them, skipped where not; the hub records what was granted and turns on the features those scopes allow (requests, replies, quotes, documents and uploads)",
    },
  },
});

export type HubSpotSettings = ReturnType<typeof hubspotSettings.read>;
