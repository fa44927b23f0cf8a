/**
 * The Asana emulator's writes and files for approvals and documents (issue 17), in Asana's documented
 * shapes:
 * - `PUT /tasks/{task_gid}` with `{ data: { approval_status } }` (approval tasks only; kept in sync with
 *   `completed` as Asana documents: pending ↔ incomplete, approved/rejected/changes_requested ↔ complete);
 * - `GET|POST /tasks/{task_gid}/stories` — comment stories (`resource_subtype: comment_added`);
 * - `POST /tasks` (a task in a project) and `POST /attachments` (multipart upload: parent, file);
 * - `GET /attachments?parent=` (compact: gid, name, resource_subtype) and `GET /attachments/{gid}`
 *   (name, size, created_at, host, download_url, permanent_url, parent);
 * - the bytes at `download_url`, a short-lived pre-signed address outside the API (no token), as
 *   Asana hands out for files it hosts.
 */
import express from 'express';
import busboy from 'busboy';
import type { Router } from 'express';
import { createHash } from 'node:crypto';
import type { AsanaEmulatorStore, AsanaRecord, Compact } from './asana-emulator-store.js';
import { AsanaError, paginate, present, optFields } from './asana-views.js';

const APPROVAL_STATUSES = new Set(['pending', 'approved', 'rejected', 'changes_requested']);

/** File bytes the emulator holds for attachments it hosts, by attachment gid. */
const FILES = new WeakMap<AsanaEmulatorStore, Map<string, { body: Buffer; contentType: string }>>();

function filesOf(store: AsanaEmulatorStore): Map<string, { body: Buffer; contentType: string }> {
  let files = FILES.get(store);
  if (!files) FILES.set(store, (files = new Map()));
  return files;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A comment story on a task, authored by the token's user. */
export function addComment(store: AsanaEmulatorStore, taskGid: string, text: string, at = store.now()): AsanaRecord {
  const task = store.require(taskGid, 'task');
  const gid = store.gid();
  const story: AsanaRecord = {
    gid,
    resource_type: 'story',
    resource_subtype: 'comment_added',
    type: 'comment',
    text,
    html_text: `<body>${text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)}</body>`,
    created_at: iso(at),
    created_by: { gid: store.me.gid, resource_type: 'user', name: String(store.me.name) },
    is_pinned: false,
    is_edited: false,
    target: store.compact(task.gid),
  };
  store.put(story);
  store.recordStoryAdded(story, at);
  return story;
}

export function storiesOf(store: AsanaEmulatorStore, taskGid: string): AsanaRecord[] {
  return store.all('story').filter((story) => (story.target as Compact).gid === taskGid);
}

/** An attachment Asana hosts on a task (uploaded in Asana), with its bytes. */
export function addAttachment(store: AsanaEmulatorStore, taskGid: string, file: { name: string; contentType: string; body: Buffer }, at = store.now()): AsanaRecord {
  const task = store.require(taskGid, 'task');
  const gid = store.gid();
  const attachment: AsanaRecord = {
    gid,
    resource_type: 'attachment',
    resource_subtype: 'asana',
    name: file.name,
    created_at: iso(at),
    host: 'asana',
    size: file.body.length,
    parent: store.compact(task.gid),
    connected_to_app: false,
    view_url: null,
  };
  store.put(attachment);
  filesOf(store).set(gid, { body: file.body, contentType: file.contentType });
  return attachment;
}

export function attachmentsOf(store: AsanaEmulatorStore, parentGid: string): AsanaRecord[] {
  return store.all('attachment').filter((attachment) => (attachment.parent as Compact).gid === parentGid);
}

/** Signs a download address the way a pre-signed S3 URL is signed: valid alone, for a while. */
function signDownload(gid: string, expires: number): string {
  return createHash('sha256').update(`asana-emulator:${gid}:${expires}`).digest('hex').slice(0, 32);
}

/** The API routes (mounted under /api/1.0, behind the token check). */
export function asanaStoryAndAttachmentRoutes(store: AsanaEmulatorStore, publicBase: () => string): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.put('/tasks/:gid', (req, res) => {
    const task = store.get(req.params.gid);
    if (!task || task.resource_type !== 'task') throw new AsanaError(404, `task: Unknown object: ${req.params.gid}`);
    const data = ((req.body as { data?: Record<string, unknown> } | undefined)?.data ?? {}) as Record<string, unknown>;
    const fields: Record<string, unknown> = {};
    if ('approval_status' in data) {
      const status = String(data.approval_status);
      if (task.resource_subtype !== 'approval') throw new AsanaError(400, 'approval_status: Can only be set on tasks with resource_subtype approval');
      if (!APPROVAL_STATUSES.has(status)) throw new AsanaError(400, `approval_status: Not a valid enum value: ${status}`);
      const completed = status !== 'pending';
      Object.assign(fields, { approval_status: status, completed, completed_at: completed ? (task.completed ? task.completed_at : iso(store.now())) : null });
    }
    if ('name' in data) fields.name = String(data.name);
    if ('completed' in data) {
      fields.completed = data.completed === true;
      fields.completed_at = data.completed === true ? iso(store.now()) : null;
      if (task.resource_subtype === 'approval') fields.approval_status = data.completed === true ? 'approved' : 'pending';
    }
    // Asana reports no change for a value set to what it already was.
    const changed = Object.fromEntries(Object.entries(fields).filter(([key, value]) => task[key] !== value));
    const updated = Object.keys(changed).length > 0 ? store.updateTask(task.gid, changed) : task;
    res.json({ data: present(store, updated, optFields(req), false) });
  });

  router.get('/tasks/:gid/stories', (req, res) => {
    const task = store.get(req.params.gid);
    if (!task || task.resource_type !== 'task') throw new AsanaError(404, `task: Unknown object: ${req.params.gid}`);
    res.json(paginate(req, storiesOf(store, task.gid), optFields(req), store, `/tasks/${task.gid}/stories`));
  });

  router.post('/tasks/:gid/stories', (req, res) => {
    const task = store.get(req.params.gid);
    if (!task || task.resource_type !== 'task') throw new AsanaError(404, `task: Unknown object: ${req.params.gid}`);
    const data = (req.body as { data?: { text?: unknown; html_text?: unknown } } | undefined)?.data;
    const text = typeof data?.text === 'string' ? data.text : null;
    if (!text || text.trim() === '') throw new AsanaError(400, 'text: Missing input');
    res.status(201).json({ data: present(store, addComment(store, task.gid, text), optFields(req), false) });
  });

  // POST /tasks { data: { name, projects: [gid], notes } }
  router.post('/tasks', (req, res) => {
    const data = (req.body as { data?: { name?: unknown; projects?: unknown; notes?: unknown } } | undefined)?.data;
    const projects = Array.isArray(data?.projects) ? data.projects.map(String) : [];
    if (projects.length === 0) throw new AsanaError(400, 'workspace: Missing input');
    const project = store.get(projects[0]!);
    if (!project || project.resource_type !== 'project') throw new AsanaError(404, `projects: Unknown object: ${projects[0]}`);
    const task = store.createTask({ name: String(data?.name ?? ''), projectGid: project.gid, notes: typeof data?.notes === 'string' ? data.notes : undefined });
    res.status(201).json({ data: present(store, task, optFields(req), false) });
  });

  // POST /attachments, multipart/form-data: parent, file (the file name from its Content-Disposition).
  router.post('/attachments', (req, res, next) => {
    if (!/^multipart\/form-data/i.test(req.get('content-type') ?? '')) return next(new AsanaError(400, 'file: File is not an object'));
    const fields: Record<string, string> = {};
    let file: { name: string; contentType: string; chunks: Buffer[] } | null = null;
    const parser = busboy({ headers: req.headers, limits: { fileSize: 100 * 1024 * 1024 } });
    parser.on('field', (name, value) => void (fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      const current = { name: decodeURIComponent(info.filename ?? 'file'), contentType: info.mimeType, chunks: [] as Buffer[] };
      file = current;
      stream.on('data', (chunk: Buffer) => current.chunks.push(chunk));
    });
    parser.on('error', next);
    parser.on('close', () => {
      try {
        const parent = fields.parent ? store.get(fields.parent) : undefined;
        if (!parent || parent.resource_type !== 'task') throw new AsanaError(400, `parent: Unknown object: ${String(fields.parent)}`);
        const uploaded = file as { name: string; contentType: string; chunks: Buffer[] } | null;
        if (!uploaded) throw new AsanaError(400, 'file: Missing input');
        const attachment = addAttachment(store, parent.gid, { name: uploaded.name, contentType: uploaded.contentType, body: Buffer.concat(uploaded.chunks) });
        res.json({ data: present(store, attachment, optFields(req) ?? ['name', 'resource_subtype'], false) });
      } catch (error) {
        next(error);
      }
    });
    req.pipe(parser);
  });

  router.get('/attachments', (req, res) => {
    const parent = typeof req.query.parent === 'string' ? store.get(req.query.parent) : undefined;
    if (!parent) throw new AsanaError(400, 'parent: Missing input');
    res.json(paginate(req, attachmentsOf(store, parent.gid), optFields(req), store, '/attachments'));
  });

  router.get('/attachments/:gid', (req, res) => {
    const attachment = store.get(req.params.gid);
    if (!attachment || attachment.resource_type !== 'attachment') throw new AsanaError(404, `attachment: Unknown object: ${req.params.gid}`);
    const expires = store.now() + 2 * 60_000;
    const withUrls = { ...attachment, download_url: `${publicBase()}/files/${attachment.gid}?expires=${expires}&signature=${signDownload(attachment.gid, expires)}`, permanent_url: `https://app.asana.com/app/asana/-/get_asset?asset_id=${attachment.gid}` };
    res.json({ data: present(store, withUrls, optFields(req), false) });
  });
  return router;
}

/** The pre-signed download addresses (no token, as S3's are). */
export function asanaFileRoutes(store: AsanaEmulatorStore): Router {
  const router = express.Router();
  router.get('/files/:gid', (req, res) => {
    const expires = Number(req.query.expires);
    const file = filesOf(store).get(req.params.gid);
    if (!file || !Number.isFinite(expires) || expires < store.now() || req.query.signature !== signDownload(req.params.gid, expires)) {
      return void res.status(403).type('application/xml').send('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    }
    res.set('Content-Type', file.contentType).set('Content-Length', String(file.body.length)).send(file.body);
  });
  return router;
}
