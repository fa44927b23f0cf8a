/**
 * The outbox's `uploadDocument` write for Asana (issue 17): a client's file becomes an attachment
 * on the project's client-conversation task (ASANA_CONVERSATION_TASK_NAME, "Client conversation"),
 * created in the project when it is missing. The attachment's name carries the action's marker
 * (`storedName`), so `findExisting` finds the upload an interrupted attempt already made.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { ProviderError, type ConnectorContext, type UploadDocumentInput, type WriteOperation } from '../../src/connector-kit/index.js';
import type { AsanaAnswer } from './asana-client.js';
import { callAsana } from './call-asana.js';
import { PAGE_LIMIT } from './opt-fields.js';
import { asanaSettings } from './settings.js';

interface Page<T> {
  data?: T[];
  next_page?: { offset?: string | null } | null;
}

async function listAll<T>(ctx: ConnectorContext, call: (offset: string | undefined) => (apis: Parameters<Parameters<typeof callAsana>[1]>[0]) => Promise<AsanaAnswer<Page<T>>>): Promise<T[]> {
  const all: T[] = [];
  let offset: string | undefined;
  do {
    const page = await callAsana<Page<T>>(ctx, call(offset));
    all.push(...(page.data ?? []));
    offset = page.next_page?.offset ?? undefined;
  } while (offset);
  return all;
}

export async function findConversationTask(ctx: ConnectorContext, projectGid: string): Promise<string | null> {
  const wanted = asanaSettings.read(ctx.config).conversationTaskName.trim().toLowerCase();
  const tasks = await listAll<{ gid: string; name?: string | null }>(ctx, (offset) => (apis) =>
    apis.tasks.getTasksForProjectWithHttpInfo(projectGid, { limit: PAGE_LIMIT, opt_fields: 'name', ...(offset ? { offset } : {}) }) as Promise<AsanaAnswer<Page<{ gid: string; name?: string | null }>>>,
  );
  return tasks.find((task) => (task.name ?? '').trim().toLowerCase() === wanted)?.gid ?? null;
}

export async function ensureConversationTask(ctx: ConnectorContext, projectGid: string): Promise<string> {
  const found = await findConversationTask(ctx, projectGid);
  if (found) return found;
  const created = await callAsana<{ data?: { gid: string } }>(ctx, (apis) =>
    apis.tasks.createTaskWithHttpInfo({ data: { name: asanaSettings.read(ctx.config).conversationTaskName, projects: [projectGid], notes: 'Messages and files from the client portal.' } }, { opt_fields: 'gid' }) as Promise<AsanaAnswer<{ data?: { gid: string } }>>,
  );
  if (!created.data?.gid) throw new Error('Asana created no conversation task');
  return created.data.gid;
}

/** Asana holds no companies: an upload hangs on a project here (findWriteTarget never sends it any other). */
function projectOf(input: UploadDocumentInput): string {
  if (input.anchor === 'company') throw new ProviderError('Asana takes uploads on projects only, not on a company', false);
  return input.projectExternalId;
}

export const uploadToConversation: WriteOperation<UploadDocumentInput> = {
  scopes: ['tasks:read', 'tasks:write', 'attachments:read', 'attachments:write'],
  anchorKinds: ['project'],
  async findExisting(ctx, input) {
    const taskGid = await findConversationTask(ctx, projectOf(input));
    if (!taskGid) return null;
    const attachments = await listAll<{ gid: string; name?: string | null }>(ctx, (offset) => (apis) =>
      apis.attachments.getAttachmentsForObjectWithHttpInfo(taskGid, { limit: PAGE_LIMIT, opt_fields: 'name', ...(offset ? { offset } : {}) }) as Promise<AsanaAnswer<Page<{ gid: string; name?: string | null }>>>,
    );
    const found = attachments.find((attachment) => attachment.name === input.storedName);
    return found ? { objectType: 'Attachment', externalId: found.gid } : null;
  },
  async perform(ctx, input) {
    // The staged file is named storedName: the SDK's multipart upload takes the file name from the stream's path.
    if (basename(input.path) !== input.storedName) throw new Error('the staged upload is not named as its marker says');
    const taskGid = await ensureConversationTask(ctx, projectOf(input));
    const created = await callAsana<{ data?: { gid: string } }>(ctx, (apis) =>
      apis.attachments.createAttachmentForObjectWithHttpInfo({ parent: taskGid, file: createReadStream(input.path) as unknown as string, opt_fields: 'name' }) as Promise<AsanaAnswer<{ data?: { gid: string } }>>,
    );
    if (!created.data?.gid) throw new Error('Asana answered the upload without an attachment');
    return { objectType: 'Attachment', externalId: created.data.gid };
  },
};
