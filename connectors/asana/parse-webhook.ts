import type { RawWebhookRequest, WebhookEvent, WebhookParse } from '../../src/connector-kit/index.js';
import { asanaMillis } from './asana-types.js';
import type { AsanaEvent } from './read-project-events.js';

/**
 * A story that may be a comment: `comment_added`, or a compact story without its subtype (event
 * payloads do not always carry it). System stories (assigned, due date changed...) come with a
 * task event of their own.
 */
export function isCommentLike(subtype: string | undefined): boolean {
  return subtype === undefined || subtype === 'comment_added';
}

/** Which record an event is about: tasks and projects themselves, and a project whose status update was posted. */
function subject(event: AsanaEvent): { objectType: 'Task' | 'Project'; gid: string; deleted: boolean } | null {
  const resource = event.resource;
  if (!resource?.gid) return null;
  if (resource.resource_type === 'task') return { objectType: 'Task', gid: resource.gid, deleted: event.action === 'deleted' };
  if (resource.resource_type === 'project') return { objectType: 'Project', gid: resource.gid, deleted: event.action === 'deleted' };
  // A comment on a task is a change of the task: its refetch lets the hub read the conversation
  // again when the task is a project's client-conversation task (comments elsewhere are never read).
  if (resource.resource_type === 'story' && isCommentLike(resource.resource_subtype) && event.parent?.resource_type === 'task' && event.parent.gid) {
    return { objectType: 'Task', gid: event.parent.gid, deleted: false };
  }
  if ((resource.resource_type === 'status_update' || resource.resource_type === 'project_status') && event.parent?.resource_type === 'project' && event.parent.gid) {
    return { objectType: 'Project', gid: event.parent.gid, deleted: false };
  }
  return null;
}

/**
 * `{ events: [...] }`, thin: each names a resource, an action and when. Changed (added, removed,
 * undeleted...) tasks and projects are fetched by the engine; deleted ones become tombstones.
 * An empty list is Asana's heartbeat. A comment story changes its task. Other resources (sections...) are not shown to clients.
 */
export function parseAsanaWebhook(request: RawWebhookRequest): WebhookParse {
  let body: { events?: unknown };
  try {
    body = JSON.parse(request.rawBody.toString('utf8')) as typeof body;
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (!body || !Array.isArray(body.events)) return { ok: false, reason: 'body has no events array' };
  const events: WebhookEvent[] = [];
  for (const [index, item] of (body.events as AsanaEvent[]).entries()) {
    if (!item || typeof item !== 'object' || typeof item.action !== 'string') return { ok: false, reason: `event ${index} has no action` };
    const about = subject(item);
    if (!about) continue;
    events.push({
      // Asana events carry no id: the resource, action, field, parent and time identify one change
      // (the same change reaching two project hooks is deduplicated).
      eventId: ['asana', item.resource?.resource_type, item.resource?.gid, item.action, item.change?.field ?? '', item.parent?.gid ?? '', item.created_at ?? ''].join(':'),
      objectType: about.objectType,
      externalId: about.gid,
      occurredAt: asanaMillis(item.created_at),
      action: about.deleted ? 'deleted' : 'changed',
      accountId: null,
      raw: item,
    });
  }
  return { ok: true, events };
}
