/**
 * Read endpoints under /api/1.0: users/me, workspaces, projects (by workspace or team, archived
 * filter), sections, tasks (of a project or section, `/tasks?project=&modified_since=`,
 * `completed_since`), subtasks, status updates, custom fields and tags.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import type { AsanaEmulatorStore, AsanaRecord, Compact } from './asana-emulator-store.js';
import { AsanaError, optFields, paginate, present } from './asana-views.js';

function unknownObject(gid: string, field?: string): AsanaError {
  return new AsanaError(404, `${field ? `${field}: ` : ''}Unknown object: ${gid}`);
}

function requireOf(store: AsanaEmulatorStore, gid: string | undefined, type: string, field?: string): AsanaRecord {
  const record = gid ? store.get(gid) : undefined;
  if (!record || record.resource_type !== type) throw unknownObject(String(gid), field);
  return record;
}

function timeParam(req: Request, name: string): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (raw === 'now') return Date.now();
  const ms = Date.parse(String(raw));
  if (Number.isNaN(ms)) throw new AsanaError(400, `${name}: Not a valid date-time: ${String(raw)}`);
  return ms;
}

/** completed_since: incomplete tasks, and those completed since then; modified_since: changed since then. */
function taskFilters(req: Request): (task: AsanaRecord) => boolean {
  const completedSince = timeParam(req, 'completed_since');
  const modifiedSince = timeParam(req, 'modified_since');
  return (task) =>
    (completedSince === undefined || !task.completed || Date.parse(String(task.completed_at)) >= completedSince) &&
    (modifiedSince === undefined || Date.parse(String(task.modified_at)) >= modifiedSince);
}

export function asanaApiRoutes(store: AsanaEmulatorStore, options: { search?: boolean } = {}): Router {
  const router = express.Router();
  const one = (res: Response, req: Request, record: AsanaRecord) => res.json({ data: present(store, record, optFields(req), false) });
  const list = (res: Response, req: Request, items: AsanaRecord[]) => res.json(paginate(req, items, optFields(req), store, req.path === '/' ? req.baseUrl : `${req.path}`));

  router.get('/users/me', (req, res) => one(res, req, store.me));
  router.get('/users/:gid', (req, res) => one(res, req, requireOf(store, req.params.gid, 'user')));
  router.get('/workspaces', (req, res) => list(res, req, [store.workspace]));
  router.get('/workspaces/:gid', (req, res) => one(res, req, requireOf(store, req.params.gid, 'workspace')));

  const projects = (req: Request, workspaceGid: string | undefined, teamGid: string | undefined) => {
    if (!workspaceGid && !teamGid) throw new AsanaError(400, 'workspace: Missing input');
    if (workspaceGid) requireOf(store, workspaceGid, 'workspace', 'workspace');
    if (teamGid) requireOf(store, teamGid, 'team', 'team');
    const archived = req.query.archived === undefined ? undefined : req.query.archived === 'true';
    return store.all('project').filter((project) => (teamGid ? (project.team as Compact | null)?.gid === teamGid : true) && (archived === undefined || project.archived === archived));
  };
  router.get('/workspaces/:gid/tasks/search', (req, res) => {
    requireOf(store, req.params.gid, 'workspace');
    if (options.search === false) throw new AsanaError(402, 'Search is only available to premium users.');
    res.json({ data: searchTasks(store, req).map((task) => present(store, task, optFields(req), true)) });
  });
  router.get('/workspaces/:gid/projects', (req, res) => list(res, req, projects(req, req.params.gid, undefined)));
  router.get('/teams/:gid/projects', (req, res) => list(res, req, projects(req, undefined, req.params.gid)));
  router.get('/projects', (req, res) => list(res, req, projects(req, req.query.workspace as string | undefined, req.query.team as string | undefined)));
  router.get('/projects/:gid', (req, res) => one(res, req, requireOf(store, req.params.gid, 'project')));
  // Counts come back only for the fields asked for by opt_fields, as Asana documents.
  router.get('/projects/:gid/task_counts', (req, res) => {
    const tasks = store.tasksOf(requireOf(store, req.params.gid, 'project').gid);
    const milestones = tasks.filter((task) => task.resource_subtype === 'milestone');
    const all: Record<string, number> = {
      num_tasks: tasks.length,
      num_completed_tasks: tasks.filter((task) => task.completed).length,
      num_incomplete_tasks: tasks.filter((task) => !task.completed).length,
      num_milestones: milestones.length,
      num_completed_milestones: milestones.filter((task) => task.completed).length,
      num_incomplete_milestones: milestones.filter((task) => !task.completed).length,
    };
    const fields = optFields(req) ?? [];
    res.json({ data: Object.fromEntries(Object.entries(all).filter(([name]) => fields.includes(name))) });
  });
  router.get('/projects/:gid/sections', (req, res) => list(res, req, store.sectionsOf(requireOf(store, req.params.gid, 'project').gid)));
  router.get('/projects/:gid/tasks', (req, res) => list(res, req, store.tasksOf(requireOf(store, req.params.gid, 'project').gid).filter(taskFilters(req))));
  router.get('/sections/:gid', (req, res) => one(res, req, requireOf(store, req.params.gid, 'section')));
  router.get('/sections/:gid/tasks', (req, res) => list(res, req, tasksInSection(store, requireOf(store, req.params.gid, 'section')).filter(taskFilters(req))));

  router.get('/tasks', (req, res) => {
    const { project, section, tag, assignee, workspace } = req.query as Record<string, string | undefined>;
    const chosen = [project, section, tag, assignee && workspace ? 'assignee' : undefined].filter(Boolean);
    if (chosen.length !== 1) throw new AsanaError(400, 'Must specify exactly one of project, tag, section, user task list, or assignee + workspace');
    let tasks: AsanaRecord[];
    if (project) tasks = store.tasksOf(requireOf(store, project, 'project', 'project').gid);
    else if (section) tasks = tasksInSection(store, requireOf(store, section, 'section', 'section'));
    else if (tag) tasks = store.all('task').filter((task) => (task.tags as Compact[]).some((candidate) => candidate.gid === tag));
    else {
      const assigneeGid = assignee === 'me' ? store.me.gid : assignee;
      tasks = store.all('task').filter((task) => (task.assignee as Compact | null)?.gid === assigneeGid);
    }
    list(res, req, tasks.filter(taskFilters(req)));
  });
  router.get('/tasks/:gid', (req, res) => one(res, req, requireOf(store, req.params.gid, 'task')));
  router.get('/tasks/:gid/subtasks', (req, res) => list(res, req, store.subtasksOf(requireOf(store, req.params.gid, 'task').gid)));
  router.get('/status_updates/:gid', (req, res) => one(res, req, requireOf(store, req.params.gid, 'status_update')));
  router.get('/status_updates', (req, res) => {
    const parent = requireOf(store, req.query.parent as string | undefined, 'project', 'parent');
    list(res, req, store.all('status_update').filter((update) => (update.parent as Compact).gid === parent.gid).reverse());
  });
  router.get('/custom_fields/:gid', (req, res) => one(res, req, requireOf(store, req.params.gid, 'custom_field')));
  router.get('/tags/:gid', (req, res) => one(res, req, requireOf(store, req.params.gid, 'tag')));
  return router;
}

function tasksInSection(store: AsanaEmulatorStore, section: AsanaRecord): AsanaRecord[] {
  const projectGid = (section.project as Compact).gid;
  return store.tasksOf(projectGid).filter((task) => (task.memberships as { project: Compact; section: Compact | null }[]).some((membership) => membership.section?.gid === section.gid));
}

/**
 * GET /workspaces/{gid}/tasks/search (paid plans): the filters the hub uses (modified_at.after /
 * .before, projects.any, is_subtask), sort_by modified_at or created_at (descending unless
 * sort_ascending), `limit` up to 100 (default 20) and no pagination, as Asana documents.
 */
function searchTasks(store: AsanaEmulatorStore, req: Request): AsanaRecord[] {
  const after = timeParam(req, 'modified_at.after');
  const before = timeParam(req, 'modified_at.before');
  const projectsAny = typeof req.query['projects.any'] === 'string' ? new Set(req.query['projects.any'].split(',')) : null;
  const isSubtask = req.query.is_subtask === undefined ? undefined : req.query.is_subtask === 'true';
  const sortBy = String(req.query.sort_by ?? 'modified_at');
  if (!['modified_at', 'created_at'].includes(sortBy)) throw new AsanaError(400, `sort_by: Not a supported value in the emulator: ${sortBy}`);
  const ascending = req.query.sort_ascending === 'true';
  const limit = req.query.limit === undefined ? 20 : Number(req.query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AsanaError(400, `limit: Must be between 1 and 100, got ${String(req.query.limit)}`);
  const time = (task: AsanaRecord) => Date.parse(String(task[sortBy]));
  const modified = (task: AsanaRecord) => Date.parse(String(task.modified_at));
  return store
    .all('task')
    .filter(
      (task) =>
        (after === undefined || modified(task) > after) &&
        (before === undefined || modified(task) < before) &&
        (isSubtask === undefined || (task.parent != null) === isSubtask) &&
        (!projectsAny || (task.projects as Compact[]).some((project) => projectsAny.has(project.gid))),
    )
    .sort((a, b) => (ascending ? time(a) - time(b) : time(b) - time(a)))
    .slice(0, limit);
}
