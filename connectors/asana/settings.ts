import { z } from 'zod';
import { defineSettings, setting } from '../../src/connector-kit/index.js';

/** Asana's settings (README "Asana", generated from this declaration). */
export const asanaSettings = defineSettings({
  provider: 'asana',
  displayName: 'Asana',
  variables: {
    accessToken: { env: 'ASANA_ACCESS_TOKEN', schema: setting.text(), secret: true, doc: 'personal access token (or an OAuth access token): a connection from the environment' },
    refreshToken: { env: 'ASANA_REFRESH_TOKEN', schema: setting.text(), secret: true, doc: 'lets the hub refresh an OAuth access token (with the app keys)' },
    workspaceGid: { env: 'ASANA_WORKSPACE_GID', schema: setting.text(), defaultText: "the token's only workspace", doc: 'the workspace to sync (required when the token sees several)' },
    clientId: { env: 'ASANA_CLIENT_ID', schema: setting.text(), doc: 'Asana app client id' },
    clientSecret: { env: 'ASANA_CLIENT_SECRET', schema: setting.text(), secret: true, doc: 'Asana app client secret' },
    tier: {
      env: 'ASANA_TIER',
      schema: z.preprocess((value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value), z.enum(['free', 'paid'], { error: 'must be "free" or "paid" (the workspace\'s Asana plan)' }).default('free')),
      doc: 'the workspace\'s plan: free paces under 150 requests a minute and reads each live project\'s events per poll; paid paces under 1 500 a minute and polls with one workspace search (60 a minute)',
    },
    baseUrl: {
      env: 'ASANA_BASE_URL',
      schema: setting.url('https://app.asana.com/api/1.0').transform((base) => (base.endsWith('/api/1.0') ? base : `${base}/api/1.0`)),
      doc: 'API base URL (/api/1.0 is added when missing)',
    },
    authorizeUrl: { env: 'ASANA_AUTHORIZE_URL', schema: setting.url('https://app.asana.com/-/oauth_authorize'), doc: 'OAuth authorize page' },
    tokenUrl: { env: 'ASANA_TOKEN_URL', schema: setting.url('https://app.asana.com/-/oauth_token'), doc: 'OAuth token endpoint' },
    clientVisibleTag: { env: 'ASANA_CLIENT_VISIBLE_TAG', schema: setting.textOr('client-visible'), doc: 'tasks with this tag are shown to clients (milestones always are)' },
    clientVisibleField: { env: 'ASANA_CLIENT_VISIBLE_FIELD', schema: setting.textOr('Client visible'), doc: 'a custom field (name or gid) that shows a task to clients when set (Yes/true, text, non-zero number…)' },
    conversationTaskName: { env: 'ASANA_CONVERSATION_TASK_NAME', schema: setting.textOr('Client conversation'), doc: 'the task in each project that holds the client\'s messages and uploads (created when missing)' },
    clientActionTag: { env: 'ASANA_CLIENT_ACTION_TAG', schema: setting.textOr('waiting-on-client'), doc: 'a client-visible task with this tag is "Waiting on you" whoever holds it (otherwise only tasks assigned to the client\'s people are)' },
  },
});

export type AsanaSettings = ReturnType<typeof asanaSettings.read>;
