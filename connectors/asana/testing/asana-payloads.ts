/**
 * Asana payloads for tests, built from the documented samples in ./samples (see SOURCES.md):
 * a test changes only ids, names and the fields it is about.
 */
import { readFileSync } from 'node:fs';
import type { AsanaProject, AsanaTask } from '../asana-types.js';

const sample = (name: string) => JSON.parse(readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8')) as { data: Record<string, unknown> };

export const ASANA_BASE = 'https://asana.test';
export const API = '/api/1.0';
export const WORKSPACE = '1201000000000001';

export function asanaTask(gid: string, projectGid: string, overrides: Partial<AsanaTask> & Record<string, unknown> = {}): AsanaTask {
  const base = sample('task.json').data;
  return {
    ...base,
    gid,
    name: `Task ${gid}`,
    memberships: [{ project: { gid: projectGid, name: `Project ${projectGid}` }, section: { gid: `${projectGid}9`, name: 'Discovery' } }],
    projects: [{ gid: projectGid, resource_type: 'project', name: `Project ${projectGid}` }],
    ...overrides,
  } as AsanaTask;
}

export function asanaProject(gid: string, overrides: Partial<AsanaProject> & Record<string, unknown> = {}): AsanaProject {
  return { ...sample('project.json').data, gid, name: `Project ${gid}`, ...overrides } as AsanaProject;
}

/** A list response as Asana documents it: data plus next_page (null on the last page). */
export function listPage<T>(data: T[], nextOffset: string | null = null, path = '/tasks') {
  return { data, next_page: nextOffset ? { offset: nextOffset, path: `${path}?limit=100&offset=${nextOffset}`, uri: `https://app.asana.com/api/1.0${path}?limit=100&offset=${nextOffset}` } : null };
}

/** GET /events with a token: up to 100 events, the next token, and whether more are waiting. */
export function eventsPage(events: unknown[], sync: string, hasMore = false) {
  return { data: events, sync, has_more: hasMore };
}

/** GET /events without a token, or with one too old: 412 with a fresh token (Asana's documented answer). */
export function syncTokenExpired(sync: string) {
  return {
    errors: [{ message: 'Sync token invalid or too old. If you are attempting to keep resources in sync, you must fetch the full dataset for this query now and use the new sync token for the next sync.' }],
    sync,
  };
}

/** One event, shaped like samples/webhook_events.json (compact resource and parent). */
export function asanaEvent(resource: { gid: string; resource_type: string }, action: string, createdAt: string, parent: { gid: string; resource_type: string } | null = null) {
  const [template] = (JSON.parse(readFileSync(new URL('./samples/webhook_events.json', import.meta.url), 'utf8')) as { events: Record<string, unknown>[] }).events;
  return { ...template, resource: { ...resource, name: `${resource.resource_type} ${resource.gid}` }, type: resource.resource_type, action, parent, created_at: createdAt, change: action === 'changed' ? template!.change : null };
}
