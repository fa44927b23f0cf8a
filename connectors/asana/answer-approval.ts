/**
 * The outbox's `answerApproval` write for Asana (issue 17): a client approves, rejects or requests
 * changes on an approval task. Two SDK calls: the task's `approval_status` is set (idempotent: the
 * same value set twice is one state), then a comment records who answered via the portal, with
 * their words and the action's key. The comment is written last, so once it exists the answer is
 * complete: `findExisting` reads the task's stories for the key before every attempt, and an
 * attempt killed after the provider call is finished by the lookup, never repeated.
 */
import type { AnswerApprovalInput, ConnectorContext, WriteOperation, WriteResult } from '../../src/connector-kit/index.js';
import { callAsana } from './call-asana.js';
import type { AsanaAnswer } from './asana-client.js';
import { PAGE_LIMIT } from './opt-fields.js';

const ANSWER_WORDS: Record<AnswerApprovalInput['answer'], string> = {
  approved: 'Approved',
  rejected: 'Rejected',
  changes_requested: 'Changes requested',
};

/** The marker line every portal answer ends with: found again by `findExisting`. */
export function approvalMarker(key: string): string {
  return `(client portal ref ${key})`;
}

/** The comment's text: plain text (Asana's `text`, never `html_text`), so nothing the client typed is read as markup. */
export function approvalComment(input: AnswerApprovalInput): string {
  const who = input.authorEmail ? `${input.authorName} <${input.authorEmail}>` : input.authorName;
  const words = input.comment.trim();
  return `${ANSWER_WORDS[input.answer]} by ${who} via the client portal.${words ? `\n\n${words}` : ''}\n\n${approvalMarker(input.key)}`;
}

interface StoryPage {
  data?: { gid: string; resource_subtype?: string; text?: string | null }[];
  next_page?: { offset?: string | null } | null;
}

async function findAnswerStory(ctx: ConnectorContext, input: AnswerApprovalInput): Promise<WriteResult | null> {
  const marker = approvalMarker(input.key);
  let offset: string | undefined;
  do {
    const page = await callAsana<StoryPage>(ctx, (apis) =>
      apis.stories.getStoriesForTaskWithHttpInfo(input.taskExternalId, { limit: PAGE_LIMIT, opt_fields: 'resource_subtype,text', ...(offset ? { offset } : {}) }) as Promise<AsanaAnswer<StoryPage>>,
    );
    const found = (page.data ?? []).find((story) => story.resource_subtype === 'comment_added' && (story.text ?? '').includes(marker));
    if (found) return { objectType: 'Task', externalId: input.taskExternalId };
    offset = page.next_page?.offset ?? undefined;
  } while (offset);
  return null;
}

export const answerApproval: WriteOperation<AnswerApprovalInput> = {
  scopes: ['tasks:write', 'stories:read', 'stories:write'],
  findExisting: findAnswerStory,
  async perform(ctx, input) {
    await callAsana(ctx, (apis) => apis.tasks.updateTaskWithHttpInfo({ data: { approval_status: input.answer } }, input.taskExternalId, { opt_fields: 'approval_status' }));
    await callAsana(ctx, (apis) => apis.stories.createStoryForTaskWithHttpInfo({ data: { text: approvalComment(input) } }, input.taskExternalId, { opt_fields: 'gid' }));
    // The task (not the story) is the result: it is refetched at once, so the portal shows Asana's own state.
    return { objectType: 'Task', externalId: input.taskExternalId };
  },
};
