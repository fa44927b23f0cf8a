import { ApiClient, AttachmentsApi, EventsApi, ProjectsApi, StoriesApi, TasksApi, UsersApi, WebhooksApi, WorkspacesApi } from 'asana';

/** The SDK's API classes for one connection, all sharing one ApiClient. */
export interface AsanaApis {
  attachments: AttachmentsApi;
  events: EventsApi;
  projects: ProjectsApi;
  stories: StoriesApi;
  tasks: TasksApi;
  users: UsersApi;
  webhooks: WebhooksApi;
  workspaces: WorkspacesApi;
}

/** What every *WithHttpInfo call resolves to once RETURN_COLLECTION is off: the raw body and the superagent response. */
export interface AsanaAnswer<T = unknown> {
  data: T;
  response: { status?: number; headers?: Record<string, string> };
}

/**
 * A fresh ApiClient per call instead of the SDK's `ApiClient.instance` singleton: its basePath and
 * token are global state, and two connections (or an OAuth refresh racing a pull) must never
 * see each other's. RETURN_COLLECTION is turned off so list calls return the raw body, where
 * `next_page`, `sync` and `has_more` live (the Collection wrapper hides them and its nextPage()
 * mutates the options it was given).
 */
export function createAsanaApis(baseUrl: string, accessToken: string, timeoutMs?: number): AsanaApis {
  const client = new ApiClient();
  // The SDK's own timeout (superagent's, 60 s by default): CLIENTHUB_PROVIDER_TIMEOUT_MS.
  if (timeoutMs) client.timeout = timeoutMs;
  client.basePath = baseUrl.replace(/\/+$/, '');
  client.RETURN_COLLECTION = false;
  client.authentications.token = { type: 'personalAccessToken', accessToken };
  return {
    attachments: new AttachmentsApi(client),
    events: new EventsApi(client),
    projects: new ProjectsApi(client),
    stories: new StoriesApi(client),
    tasks: new TasksApi(client),
    users: new UsersApi(client),
    webhooks: new WebhooksApi(client),
    workspaces: new WorkspacesApi(client),
  };
}
