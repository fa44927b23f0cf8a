/**
 * Asana: projects and their tasks (the client's plan: milestones, phases, who and when), via the
 * official asana v3 SDK, one fresh ApiClient per call (ASANA_BASE_URL, including /api/1.0).
 * Pull: projects listed in full each time; tasks through each project's events sync token, with a
 * full listing first and daily, and a modified_since catch-up after a 412. Push: one webhook per
 * project (X-Hook-Secret handshake, X-Hook-Signature per hook), registered again when Asana drops it.
 * Auth: personal access token or OAuth 2 (refresh tokens do not rotate).
 */
import { type Connector, envConnection } from '../../src/connector-kit/index.js';
import { projectMapping } from '../../mappings/asana/project.js';
import { taskMapping } from '../../mappings/asana/task.js';
import { pullProjects } from './pull-projects.js';
import { pullTasks } from './pull-tasks.js';
import { fetchByIds } from './fetch-by-ids.js';
import { asanaHandshake } from './webhook-handshake.js';
import { verifyAsanaWebhook } from './verify-webhook.js';
import { parseAsanaWebhook } from './parse-webhook.js';
import { ensureAsanaWebhooks } from './ensure-webhooks.js';
import { asanaOAuth } from './oauth.js';
import { ASANA_FREE_BUDGETS } from './call-asana.js';
import { asanaSettings } from './settings.js';
import { answerApproval } from './answer-approval.js';
import { addConversationComment, asanaConversations } from './conversation.js';
import { asanaDocuments } from './task-attachments.js';
import { uploadToConversation } from './upload-to-conversation.js';
import { refreshStaffDomains } from './staff-domains.js';

const asana: Connector = {
  provider: 'asana',
  displayName: 'Asana',
  settings: asanaSettings,
  environment: { token: 'ASANA_ACCESS_TOKEN', refresh: 'ASANA_REFRESH_TOKEN', baseUrl: 'ASANA_BASE_URL' },
  accountChoice: { key: 'workspaceGid', label: 'Workspace', listSetting: 'workspaces', idKey: 'gid' },
  identityDefaults: {
    explicitIdFields: { Project: 'custom_fields[name=CRM Company Id].display_value' },
    contactFields: { Project: ['custom_fields[name=Client].display_value', 'custom_fields[name=Client domain].display_value'] },
  },
  pacingAccount: (connection) => String(connection.id),
  objectTypes: [
    { objectType: 'Project', kind: 'project', order: 1 },
    { objectType: 'Task', kind: 'task', order: 2 },
  ],
  objectTypeForKind: { project: 'Project', task: 'Task' },
  mappings: [projectMapping, taskMapping],
  fromEnvironment(config) {
    const { workspaceGid } = asanaSettings.read(config);
    // Without ASANA_WORKSPACE_GID the token's only workspace is learnt on first use.
    return envConnection(asanaSettings.read(config), workspaceGid ? { workspaceGid, accountId: workspaceGid } : {});
  },
  refreshMetadata: refreshStaffDomains,
  pull(ctx, objectType, options) {
    if (objectType === 'Project') return pullProjects(ctx, options);
    if (objectType === 'Task') return pullTasks(ctx, options);
    throw new Error(`Asana connector cannot pull "${objectType}"`);
  },
  fetchByIds,
  webhook: { handshake: asanaHandshake, verify: verifyAsanaWebhook, parse: parseAsanaWebhook },
  maintainWebhooks: ensureAsanaWebhooks,
  oauth: asanaOAuth,
  // The console shows the conservative (free) budget; a paid workspace (ASANA_TIER=paid) paces under 1 500.
  requestBudgets: ASANA_FREE_BUDGETS,
  writes: { answerApproval, uploadDocument: uploadToConversation, addConversationComment },
  documents: asanaDocuments,
  conversations: asanaConversations,
};

export default asana;
