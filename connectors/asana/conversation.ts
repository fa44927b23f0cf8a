/**
 * Project conversations (issue 16) in Asana: the comments on the project's client-conversation task
 * (ASANA_CONVERSATION_TASK_NAME, found and created by upload-to-conversation.ts — the same task
 * client uploads land on). Only that task's comment stories are read: comments on every other task
 * are the team's internal discussion and never leave Asana.
 *
 * A client's message is posted as a comment (`text`, plain — never `html_text`), attributed
 * "<name> via the client portal" and ending with the action's marker, so `findExisting` finds a
 * comment an interrupted attempt already posted before posting again.
 */
import type { AddConversationCommentInput, ConnectorContext, ConversationComment, ConversationSource, WriteOperation, WriteResult } from '../../src/connector-kit/index.js';
import type { AsanaAnswer } from './asana-client.js';
import { asanaMillis } from './asana-types.js';
import { callAsana } from './call-asana.js';
import { PAGE_LIMIT } from './opt-fields.js';
import { asanaSettings } from './settings.js';
import { ensureConversationTask, findConversationTask } from './upload-to-conversation.js';

const MARKER = /\n*\(client portal ref ([^\s()]{8,200})\)\s*$/;

/** The marker line a portal message ends with (the same form approvals use). */
export function conversationMarker(key: string): string {
  return `(client portal ref ${key})`;
}

export function conversationCommentText(input: AddConversationCommentInput): string {
  return `${input.authorName} via the client portal:\n\n${input.body.trim()}\n\n${conversationMarker(input.key)}`;
}

/** A portal comment's own words and key, without the attribution line and marker the hub added. */
export function splitPortalComment(text: string): { body: string; key: string | null; author: string | null } {
  const marked = MARKER.exec(text);
  if (!marked) return { body: text, key: null, author: null };
  const withoutMarker = text.slice(0, marked.index);
  const attribution = /^([^\n]*) via the client portal:\n\n/.exec(withoutMarker);
  return { body: attribution ? withoutMarker.slice(attribution[0].length) : withoutMarker, key: marked[1]!, author: attribution?.[1] ?? null };
}

interface Story {
  gid: string;
  resource_subtype?: string;
  type?: string;
  text?: string | null;
  created_at?: string;
  created_by?: { name?: string | null } | null;
}

interface StoryPage {
  data?: Story[];
  next_page?: { offset?: string | null } | null;
}

async function listComments(ctx: ConnectorContext, taskGid: string): Promise<Story[]> {
  const comments: Story[] = [];
  let offset: string | undefined;
  do {
    const page = await callAsana<StoryPage>(ctx, (apis) =>
      apis.stories.getStoriesForTaskWithHttpInfo(taskGid, { limit: PAGE_LIMIT, opt_fields: 'resource_subtype,type,text,created_at,created_by.name', ...(offset ? { offset } : {}) }) as Promise<AsanaAnswer<StoryPage>>,
    );
    // System stories (assigned, moved, attachment added...) are not conversation.
    comments.push(...(page.data ?? []).filter((story) => story.resource_subtype === 'comment_added' || (story.resource_subtype === undefined && story.type === 'comment')));
    offset = page.next_page?.offset ?? undefined;
  } while (offset);
  return comments;
}

export const addConversationComment: WriteOperation<AddConversationCommentInput> = {
  scopes: ['tasks:read', 'tasks:write', 'stories:read', 'stories:write'],
  async findExisting(ctx, input): Promise<WriteResult | null> {
    const taskGid = await findConversationTask(ctx, input.projectExternalId);
    if (!taskGid) return null;
    const marker = conversationMarker(input.key);
    const found = (await listComments(ctx, taskGid)).find((story) => (story.text ?? '').includes(marker));
    return found ? { objectType: 'Story', externalId: found.gid } : null;
  },
  async perform(ctx, input) {
    const taskGid = await ensureConversationTask(ctx, input.projectExternalId);
    const created = await callAsana<{ data?: { gid: string } }>(ctx, (apis) =>
      apis.stories.createStoryForTaskWithHttpInfo({ data: { text: conversationCommentText(input) } }, taskGid, { opt_fields: 'gid' }) as Promise<AsanaAnswer<{ data?: { gid: string } }>>,
    );
    if (!created.data?.gid) throw new Error('Asana answered the comment without a story');
    return { objectType: 'Story', externalId: created.data.gid };
  },
};

export const asanaConversations: ConversationSource = {
  projectsTouchedBy(config, record) {
    if (record.objectType !== 'Task') return [];
    const task = record.raw as { name?: string | null; memberships?: { project?: { gid?: string } | null }[] } | null;
    const wanted = asanaSettings.read(config).conversationTaskName.trim().toLowerCase();
    if ((task?.name ?? '').trim().toLowerCase() !== wanted) return [];
    return [...new Set((task?.memberships ?? []).map((m) => m.project?.gid).filter((gid): gid is string => typeof gid === 'string'))];
  },
  async read(ctx, projectExternalId): Promise<ConversationComment[]> {
    const taskGid = await findConversationTask(ctx, projectExternalId);
    if (!taskGid) return [];
    return (await listComments(ctx, taskGid)).map((story) => {
      const { body, key, author } = splitPortalComment(story.text ?? '');
      // A portal message is posted with the hub's token: its author is the client named in it.
      return { externalId: story.gid, authorName: author ?? story.created_by?.name ?? 'Your team', text: body, createdAt: asanaMillis(story.created_at) ?? 0, portalKey: key };
    });
  },
};
