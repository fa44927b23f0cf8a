/**
 * The workspace behind the Asana emulator: users, projects with sections (phases), tasks
 * (milestones, subtasks, tags, custom fields, memberships), project status updates, and the
 * event log that /events and webhooks read. Records are kept in Asana's full JSON shape, with
 * references as compact records ({ gid, resource_type, name }); every change moves `modified_at`
 * and appends the events Asana would report.
 */
import { seedAsanaDemo, type AsanaDemoSeed } from './seed-asana-demo.js';

export type AsanaRecord = Record<string, unknown> & { gid: string; resource_type: string };
export type Compact = { gid: string; resource_type: string; name?: string; resource_subtype?: string };

export interface AsanaEvent {
  user: Compact | null;
  created_at: string;
  type: string;
  action: 'added' | 'changed' | 'removed' | 'deleted' | 'undeleted';
  resource: Compact;
  parent: Compact | null;
  change?: { field: string; action: string; new_value?: unknown; added_value?: unknown; removed_value?: unknown };
}

/** One logged event, and the resources whose event streams it appears in (the task, its projects...). */
export interface LoggedEvent {
  seq: number;
  at: number;
  event: AsanaEvent;
  scopes: Set<string>;
}

export interface TaskInput {
  name: string;
  projectGid: string;
  sectionGid?: string;
  assigneeGid?: string;
  subtype?: 'default_task' | 'milestone' | 'approval';
  dueOn?: string;
  startOn?: string;
  notes?: string;
  tagGids?: string[];
  /** custom field gid → enum option gid, number or text. */
  customFields?: Record<string, string | number>;
  parentGid?: string;
  completed?: boolean;
}

export interface StoreOptions {
  now?: () => number;
  workspaceName?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class AsanaEmulatorStore {
  readonly now: () => number;
  readonly records = new Map<string, AsanaRecord>();
  readonly log: LoggedEvent[] = [];
  readonly workspace: AsanaRecord;
  /** Tasks of each project, in the project's order. */
  private readonly projectTasks = new Map<string, string[]>();
  /** Records by resource type, and each resource's events in order: lookups a 1 M-task workspace can afford. */
  private readonly byType = new Map<string, Map<string, AsanaRecord>>();
  private readonly logByScope = new Map<string, LoggedEvent[]>();
  private nextGid = 1_204_000_000_000_001;
  private seq = 0;
  /** Who the API acts as (the token's user) and who changes are attributed to. */
  me: AsanaRecord;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? (() => Date.now());
    this.workspace = this.put({ gid: this.gid(), resource_type: 'workspace', name: options.workspaceName ?? 'Brightside Agency', is_organization: true, email_domains: ['brightside.example'] });
    this.me = this.createUser('Alex Owner', 'alex.owner@brightside.example');
  }

  get(gid: string): AsanaRecord | undefined {
    return this.records.get(gid);
  }

  require(gid: string, type?: string): AsanaRecord {
    const record = this.records.get(gid);
    if (!record || (type && record.resource_type !== type)) throw new Error(`Asana emulator: no ${type ?? 'object'} ${gid}`);
    return record;
  }

  all(type: string): AsanaRecord[] {
    return [...(this.byType.get(type)?.values() ?? [])].filter((record) => this.records.get(record.gid) === record);
  }

  compact(gid: string): Compact {
    const record = this.require(gid);
    return { gid, resource_type: record.resource_type, ...(record.name !== undefined ? { name: String(record.name) } : {}), ...(record.resource_type === 'task' ? { resource_subtype: String(record.resource_subtype) } : {}) };
  }

  createUser(name: string, email: string): AsanaRecord {
    return this.put({ gid: this.gid(), resource_type: 'user', name, email, photo: null, workspaces: [this.workspaceCompact()] });
  }

  createTeam(name: string): AsanaRecord {
    return this.put({ gid: this.gid(), resource_type: 'team', name, description: '', organization: this.workspaceCompact(), permalink_url: '' });
  }

  createTag(name: string, color = 'light-green'): AsanaRecord {
    const at = this.now();
    return this.put({ gid: this.gid(), resource_type: 'tag', name, color, created_at: iso(at), followers: [], notes: '', workspace: this.workspaceCompact(), permalink_url: '' });
  }

  /** An enum custom field ("Client visible": Yes/No) or a text/number one. */
  createCustomField(name: string, subtype: 'enum' | 'text' | 'number', options: string[] = []): AsanaRecord {
    const gid = this.gid();
    const enumOptions = options.map((option, index) => ({ gid: this.gid(), resource_type: 'enum_option', name: option, enabled: true, color: ['green', 'red', 'blue', 'yellow'][index % 4] }));
    return this.put({ gid, resource_type: 'custom_field', name, resource_subtype: subtype, type: subtype, description: '', enabled: true, enum_options: subtype === 'enum' ? enumOptions : undefined, precision: subtype === 'number' ? 0 : undefined, is_global_to_workspace: true, has_notifications_enabled: true, representation_type: subtype, is_formula_field: false, is_value_read_only: false, created_by: this.userCompact() });
  }

  createProject(input: { name: string; teamGid?: string; ownerGid?: string; notes?: string; startOn?: string; dueOn?: string; color?: string; archived?: boolean; customFieldGids?: string[]; memberGids?: string[] }, at = this.now()): AsanaRecord {
    const gid = this.gid();
    const owner = input.ownerGid ? this.compact(input.ownerGid) : this.userCompact();
    const project = this.put({
      gid,
      resource_type: 'project',
      name: input.name,
      archived: input.archived ?? false,
      color: input.color ?? 'light-blue',
      icon: 'board',
      created_at: iso(at),
      current_status: null,
      current_status_update: null,
      custom_field_settings: (input.customFieldGids ?? []).map((fieldGid) => ({ gid: this.gid(), resource_type: 'custom_field_setting', is_important: true, project: { gid, resource_type: 'project', name: input.name }, custom_field: this.customFieldCompact(fieldGid) })),
      custom_fields: [],
      default_view: 'board',
      due_date: input.dueOn ?? null,
      due_on: input.dueOn ?? null,
      html_notes: `<body>${escapeHtml(input.notes ?? '')}</body>`,
      members: [owner, ...(input.memberGids ?? []).map((member) => this.compact(member))],
      modified_at: iso(at),
      notes: input.notes ?? '',
      public: false,
      privacy_setting: 'members_only',
      start_on: input.startOn ?? null,
      default_access_level: 'editor',
      minimum_access_level_for_customization: 'editor',
      minimum_access_level_for_sharing: 'editor',
      completed: false,
      completed_at: null,
      completed_by: null,
      followers: [owner],
      owner,
      team: input.teamGid ? this.compact(input.teamGid) : null,
      permalink_url: `https://app.asana.com/1/${this.workspace.gid}/project/${gid}`,
      project_brief: null,
      created_from_template: null,
      workspace: this.workspaceCompact(),
    });
    this.projectTasks.set(gid, []);
    this.record(at, { action: 'added', resource: this.compact(gid), parent: this.workspaceCompact() }, [gid]);
    return project;
  }

  createSection(projectGid: string, name: string, at = this.now()): AsanaRecord {
    const gid = this.gid();
    const section = this.put({ gid, resource_type: 'section', name, created_at: iso(at), project: this.compact(projectGid), projects: [this.compact(projectGid)] });
    this.record(at, { action: 'added', resource: this.compact(gid), parent: this.compact(projectGid) }, [projectGid, gid]);
    return section;
  }

  sectionsOf(projectGid: string): AsanaRecord[] {
    return this.all('section').filter((section) => (section.project as Compact).gid === projectGid);
  }

  createTask(input: TaskInput, at = this.now()): AsanaRecord {
    const gid = this.gid();
    const project = this.compact(input.projectGid);
    const section = input.sectionGid ? this.compact(input.sectionGid) : this.sectionsOf(input.projectGid)[0] ? this.compact(this.sectionsOf(input.projectGid)[0]!.gid) : null;
    const assignee = input.assigneeGid ? this.compact(input.assigneeGid) : null;
    const subtype = input.subtype ?? 'default_task';
    const task = this.put({
      gid,
      resource_type: 'task',
      name: input.name,
      resource_subtype: subtype,
      ...(subtype === 'approval' ? { approval_status: 'pending' } : {}),
      assignee,
      assignee_status: assignee ? 'upcoming' : null,
      assignee_section: null,
      actual_time_minutes: null,
      completed: false,
      completed_at: null,
      completed_by: null,
      created_at: iso(at),
      created_by: this.userCompact(),
      custom_fields: this.customFieldValues(input.customFields ?? {}),
      dependencies: [],
      dependents: [],
      due_at: null,
      due_on: input.dueOn ?? null,
      external: null,
      followers: [this.userCompact(), ...(assignee && assignee.gid !== this.me.gid ? [assignee] : [])],
      hearted: false,
      hearts: [],
      html_notes: `<body>${escapeHtml(input.notes ?? '')}</body>`,
      is_rendered_as_separator: false,
      liked: false,
      likes: [],
      memberships: input.parentGid ? [] : [{ project, section }],
      modified_at: iso(at),
      notes: input.notes ?? '',
      num_hearts: 0,
      num_likes: 0,
      num_subtasks: 0,
      parent: input.parentGid ? this.compact(input.parentGid) : null,
      permalink_url: `https://app.asana.com/1/${this.workspace.gid}/project/${project.gid}/task/${gid}`,
      projects: input.parentGid ? [] : [project],
      start_at: null,
      start_on: input.startOn ?? null,
      tags: (input.tagGids ?? []).map((tag) => this.compact(tag)),
      workspace: this.workspaceCompact(),
    });
    if (input.parentGid) {
      const parent = this.require(input.parentGid, 'task');
      parent.num_subtasks = (parent.num_subtasks as number) + 1;
      this.record(at, { action: 'added', resource: this.compact(gid), parent: this.compact(parent.gid) }, [gid, parent.gid, ...this.projectsOfTask(parent)]);
    } else {
      this.projectTasks.get(project.gid)!.push(gid);
      this.record(at, { action: 'added', resource: this.compact(gid), parent: project }, [gid, project.gid]);
      if (section) this.record(at, { action: 'added', resource: this.compact(gid), parent: section }, [gid, project.gid, section.gid]);
    }
    if (input.completed) this.completeTask(gid, at);
    return task;
  }

  /** Tasks in a project, in its order (subtasks only when added to the project themselves). */
  tasksOf(projectGid: string): AsanaRecord[] {
    return (this.projectTasks.get(projectGid) ?? []).map((gid) => this.records.get(gid)).filter((task): task is AsanaRecord => task !== undefined);
  }

  subtasksOf(taskGid: string): AsanaRecord[] {
    return this.all('task').filter((task) => (task.parent as Compact | null)?.gid === taskGid);
  }

  completeTask(gid: string, at = this.now()): AsanaRecord {
    return this.updateTask(gid, { completed: true, completed_at: iso(at), completed_by: this.userCompact() }, at, 'completed');
  }

  /** Changes fields and reports one `changed` event per field (as Asana does), moving modified_at. */
  updateTask(gid: string, fields: Record<string, unknown>, at = this.now(), eventField?: string): AsanaRecord {
    const task = this.require(gid, 'task');
    Object.assign(task, fields, { modified_at: iso(at) });
    for (const field of eventField ? [eventField] : Object.keys(fields)) {
      const value = task[field];
      this.record(at, { action: 'changed', resource: this.compact(gid), parent: null, change: { field, action: 'changed', ...(value && typeof value === 'object' && 'gid' in value ? { new_value: value } : {}) } }, [gid, ...this.projectsOfTask(task)]);
    }
    return task;
  }

  moveTaskToSection(gid: string, sectionGid: string, at = this.now()): AsanaRecord {
    const task = this.require(gid, 'task');
    const section = this.require(sectionGid, 'section');
    const projectGid = (section.project as Compact).gid;
    const memberships = (task.memberships as { project: Compact; section: Compact | null }[]).map((membership) => (membership.project.gid === projectGid ? { project: membership.project, section: this.compact(sectionGid) } : membership));
    Object.assign(task, { memberships, modified_at: iso(at) });
    this.record(at, { action: 'added', resource: this.compact(gid), parent: this.compact(sectionGid) }, [gid, projectGid, sectionGid]);
    return task;
  }

  setCustomField(taskGid: string, fieldGid: string, value: string | number | null, at = this.now()): AsanaRecord {
    const task = this.require(taskGid, 'task');
    const others = (task.custom_fields as { gid: string }[]).filter((field) => field.gid !== fieldGid);
    const values = value === null ? [] : this.customFieldValues({ [fieldGid]: value });
    task.custom_fields = [...others, ...values];
    return this.updateTask(taskGid, {}, at, 'custom_fields');
  }

  deleteTask(gid: string, at = this.now()): void {
    const task = this.require(gid, 'task');
    const projects = this.projectsOfTask(task);
    this.records.delete(gid);
    this.byType.get('task')?.delete(gid);
    for (const projectGid of projects) this.projectTasks.set(projectGid, (this.projectTasks.get(projectGid) ?? []).filter((taskGid) => taskGid !== gid));
    this.record(at, { action: 'deleted', resource: { gid, resource_type: 'task', resource_subtype: String(task.resource_subtype) }, parent: null }, [gid, ...projects]);
  }

  /** Posts a project status update; it becomes the project's current_status_update. */
  addStatusUpdate(projectGid: string, input: { title: string; text: string; statusType: 'on_track' | 'at_risk' | 'off_track' | 'on_hold' | 'complete' }, at = this.now()): AsanaRecord {
    const project = this.require(projectGid, 'project');
    const gid = this.gid();
    const update = this.put({
      gid,
      resource_type: 'status_update',
      resource_subtype: 'project_status_update',
      title: input.title,
      text: input.text,
      html_text: `<body>${escapeHtml(input.text)}</body>`,
      status_type: input.statusType,
      author: this.userCompact(),
      created_at: iso(at),
      created_by: this.userCompact(),
      hearted: false,
      hearts: [],
      liked: false,
      likes: [],
      modified_at: iso(at),
      num_hearts: 0,
      num_likes: 0,
      parent: this.compact(projectGid),
    });
    Object.assign(project, { current_status_update: { gid, resource_type: 'status_update', resource_subtype: 'project_status_update', title: input.title }, modified_at: iso(at) });
    this.record(at, { action: 'changed', resource: this.compact(projectGid), parent: null, change: { field: 'current_status_update', action: 'changed', new_value: { gid, resource_type: 'status_update' } } }, [projectGid]);
    return update;
  }

  /** Logs a comment story added to a task (Asana reports it to the task's and its projects' listeners, parent: the task). */
  recordStoryAdded(story: AsanaRecord, at = this.now()): void {
    const task = this.require((story.target as Compact).gid, 'task');
    this.record(at, { action: 'added', resource: { gid: story.gid, resource_type: 'story', resource_subtype: String(story.resource_subtype) }, parent: this.compact(task.gid) }, [task.gid, ...this.projectsOfTask(task)]);
  }

  archiveProject(gid: string, at = this.now()): AsanaRecord {
    const project = this.require(gid, 'project');
    Object.assign(project, { archived: true, modified_at: iso(at) });
    this.record(at, { action: 'changed', resource: this.compact(gid), parent: null, change: { field: 'archived', action: 'changed' } }, [gid]);
    return project;
  }

  /** Log entries after `seq` that concern `resourceGid`. */
  eventsSince(resourceGid: string, seq: number): LoggedEvent[] {
    const entries = this.logByScope.get(resourceGid) ?? [];
    // Entries are in seq order: find the first after `seq` by bisection.
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (entries[mid]!.seq > seq) high = mid;
      else low = mid + 1;
    }
    return entries.slice(low);
  }

  lastSeq(): number {
    return this.seq;
  }

  seedDemo(): AsanaDemoSeed {
    return seedAsanaDemo(this);
  }

  projectsOfTask(task: AsanaRecord): string[] {
    const own = (task.projects as Compact[]).map((project) => project.gid);
    const parent = task.parent as Compact | null;
    const parentTask = parent ? this.records.get(parent.gid) : undefined;
    return [...new Set([...own, ...(parentTask ? this.projectsOfTask(parentTask) : [])])];
  }

  gid(): string {
    return String(this.nextGid++);
  }

  /** Stores a record and indexes it by type (every record goes in through here, or `all(type)` misses it). */
  put(record: AsanaRecord): AsanaRecord {
    this.records.set(record.gid, record);
    let ofType = this.byType.get(record.resource_type);
    if (!ofType) this.byType.set(record.resource_type, (ofType = new Map()));
    ofType.set(record.gid, record);
    return record;
  }

  private workspaceCompact(): Compact {
    return { gid: this.workspace.gid, resource_type: 'workspace', name: String(this.workspace.name) };
  }

  private userCompact(): Compact {
    return { gid: this.me.gid, resource_type: 'user', name: String(this.me.name) };
  }

  private customFieldCompact(gid: string): Record<string, unknown> {
    const field = this.require(gid, 'custom_field');
    return { gid, resource_type: 'custom_field', name: field.name, resource_subtype: field.resource_subtype, type: field.type, enum_options: field.enum_options, is_formula_field: false, is_value_read_only: false, enabled: true, representation_type: field.representation_type };
  }

  /** A task's custom_fields entries: the field's compact form plus its value and display_value. */
  private customFieldValues(values: Record<string, string | number>): Record<string, unknown>[] {
    return Object.entries(values).map(([fieldGid, value]) => {
      const field = this.require(fieldGid, 'custom_field');
      const base = this.customFieldCompact(fieldGid);
      if (field.resource_subtype === 'enum') {
        const option = (field.enum_options as { gid: string; name: string }[]).find((candidate) => candidate.gid === value || candidate.name === value);
        if (!option) throw new Error(`Asana emulator: ${String(field.name)} has no option ${String(value)}`);
        return { ...base, enum_value: option, display_value: option.name };
      }
      if (field.resource_subtype === 'number') return { ...base, number_value: Number(value), display_value: String(value) };
      return { ...base, text_value: String(value), display_value: String(value) };
    });
  }

  private record(at: number, partial: Omit<AsanaEvent, 'user' | 'created_at' | 'type'>, scopes: string[]): void {
    const event: AsanaEvent = { user: this.userCompact(), created_at: iso(at), type: partial.resource.resource_type, ...partial };
    const entry: LoggedEvent = { seq: ++this.seq, at, event, scopes: new Set(scopes) };
    this.log.push(entry);
    for (const scope of entry.scopes) {
      const list = this.logByScope.get(scope);
      if (list) list.push(entry);
      else this.logByScope.set(scope, [entry]);
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}
