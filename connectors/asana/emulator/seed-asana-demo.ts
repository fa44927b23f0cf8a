import { addAttachment, addComment } from './asana-stories-and-attachments.js';
import { renderTextPdf } from '../../emulator-support/render-pdf.js';
import { readDemoClients } from '../../emulator-support/demo-clients.js';
import type { AsanaEmulatorStore } from './asana-emulator-store.js';

export interface AsanaDemoSeed {
  workspaceGid: string;
  /** By client company name (plus "Agency operations" and the archived one). */
  projectGids: Record<string, string>;
  /** By task name. */
  taskGids: Record<string, string>;
  clientVisibleTagGid: string;
  clientVisibleFieldGid: string;
  clientFieldGid: string;
}

const DAY = 86_400_000;

interface PlannedTask {
  name: string;
  phase: number;
  visible: boolean;
  milestone?: boolean;
  done?: boolean;
  dueInDays?: number;
  assignee?: 'alex' | 'priya' | 'sam';
  subtasks?: string[];
}

/** One delivery project per CRM deal: its phases are sections, with milestones, client-visible work and internal chores. */
const PLANS: Record<string, { phases: string[]; status: { title: string; text: string; statusType: 'on_track' | 'at_risk' | 'off_track' }; tasks: PlannedTask[] }> = {
  'Northwind Traders': {
    phases: ['Discovery', 'Design', 'Build', 'Launch'],
    status: { title: 'Design under way', text: 'Discovery signed off; homepage concepts go to Nancy on Friday.', statusType: 'on_track' },
    tasks: [
      { name: 'Stakeholder interviews', phase: 0, visible: true, done: true, dueInDays: -30, assignee: 'alex' },
      { name: 'Discovery sign-off', phase: 0, visible: true, milestone: true, done: true, dueInDays: -25, assignee: 'alex' },
      { name: 'Set up analytics sandbox', phase: 0, visible: false, done: true, dueInDays: -28, assignee: 'sam' },
      { name: 'Homepage concepts', phase: 1, visible: true, dueInDays: 3, assignee: 'priya', subtasks: ['Moodboard', 'Two layout directions'] },
      { name: 'Internal design critique', phase: 1, visible: false, dueInDays: 2, assignee: 'priya' },
      { name: 'Design approved', phase: 1, visible: true, milestone: true, dueInDays: 10 },
      { name: 'CMS content model', phase: 2, visible: true, dueInDays: 20, assignee: 'sam' },
      { name: 'Load testing', phase: 2, visible: false, dueInDays: 35, assignee: 'sam' },
      { name: 'Go live', phase: 3, visible: true, milestone: true, dueInDays: 45 },
    ],
  },
  'Acme Robotics': {
    phases: ['Research', 'Concepts', 'Guidelines'],
    status: { title: 'Waiting on brand audit feedback', text: 'Concept work is paused until Acme returns the audit comments.', statusType: 'at_risk' },
    tasks: [
      { name: 'Brand audit report', phase: 0, visible: true, done: true, dueInDays: -12, assignee: 'priya' },
      { name: 'Audit feedback from Acme', phase: 0, visible: true, dueInDays: -2 },
      { name: 'Competitor teardown notes', phase: 0, visible: false, done: true, dueInDays: -15, assignee: 'priya' },
      { name: 'Logo concepts', phase: 1, visible: true, dueInDays: 7, assignee: 'priya' },
      { name: 'Concepts presented', phase: 1, visible: true, milestone: true, dueInDays: 14 },
      { name: 'Guidelines document', phase: 2, visible: true, dueInDays: 30, assignee: 'priya' },
    ],
  },
  'Globex Consulting': {
    phases: ['This quarter', 'Backlog', 'Done'],
    status: { title: 'Retainer on track', text: '22 of 60 retainer hours used this quarter.', statusType: 'on_track' },
    tasks: [
      { name: 'Monthly performance report', phase: 0, visible: true, dueInDays: 5, assignee: 'alex' },
      { name: 'Landing page A/B test', phase: 0, visible: true, dueInDays: 12, assignee: 'sam' },
      { name: 'Renew Globex hosting budget', phase: 1, visible: false, assignee: 'alex' },
      { name: 'Q3 retainer review', phase: 2, visible: true, milestone: true, done: true, dueInDays: -20 },
    ],
  },
};

/**
 * The agency's Asana: a "Client delivery" team with one project per CRM client (named after the
 * company and its deal, with a "Client" custom field holding the company's domain), sections as
 * phases, milestones, client-visible tasks (tag and custom field) beside internal ones, subtasks,
 * status updates; plus an internal project, an archived one, and a project whose "Client" field holds
 * the company's name instead of its domain.
 */
export function seedAsanaDemo(store: AsanaEmulatorStore): AsanaDemoSeed {
  const now = store.now();
  const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
  const at = (offset: number, hours = 0) => now + offset * DAY + hours * 3_600_000;
  const people = { alex: store.me.gid, priya: store.createUser('Priya Patel', 'priya.patel@brightside.example').gid, sam: store.createUser('Sam Okafor', 'sam.okafor@brightside.example').gid };
  const team = store.createTeam('Client delivery');
  const tag = store.createTag('client-visible');
  const visibleField = store.createCustomField('Client visible', 'enum', ['Yes', 'No']);
  const clientField = store.createCustomField('Client', 'text');
  const projectGids: Record<string, string> = {};
  const taskGids: Record<string, string> = {};

  for (const [index, client] of readDemoClients().entries()) {
    const plan = PLANS[client.name];
    if (!plan) continue;
    const created = at(-45 + index * 5);
    const project = store.createProject(
      { name: `${client.name}: ${client.dealName}`, teamGid: team.gid, notes: `Delivery for ${client.name} (${client.domain}). Client contacts: ${client.people.map((person) => person.email).join(', ')}.`, startOn: day(-45 + index * 5), dueOn: day(60), customFieldGids: [visibleField.gid, clientField.gid], memberGids: [people.priya, people.sam] },
      created,
    );
    // A project's own custom field values (Asana shows them in portfolios): which client it is for.
    project.custom_fields = [{ gid: clientField.gid, resource_type: 'custom_field', name: 'Client', resource_subtype: 'text', type: 'text', text_value: client.domain, display_value: client.domain, enabled: true }];
    projectGids[client.name] = project.gid;
    const sections = plan.phases.map((phase, position) => store.createSection(project.gid, phase, created + (position + 1) * 60_000).gid);
    for (const [position, task] of plan.tasks.entries()) {
      const made = store.createTask(
        {
          name: task.name,
          projectGid: project.gid,
          sectionGid: sections[task.phase],
          subtype: task.milestone ? 'milestone' : 'default_task',
          assigneeGid: task.assignee ? people[task.assignee] : undefined,
          dueOn: task.dueInDays === undefined ? undefined : day(task.dueInDays),
          notes: task.visible ? '' : 'Internal: not shown to the client.',
          tagGids: task.visible ? [tag.gid] : [],
          customFields: { [visibleField.gid]: task.visible ? 'Yes' : 'No' },
        },
        created + DAY + position * 3_600_000,
      );
      taskGids[task.name] = made.gid;
      for (const [offset, name] of (task.subtasks ?? []).entries()) {
        taskGids[name] = store.createTask({ name, projectGid: project.gid, parentGid: made.gid, assigneeGid: task.assignee ? people[task.assignee] : undefined }, created + DAY + position * 3_600_000 + (offset + 1) * 60_000).gid;
      }
      if (task.done) store.completeTask(made.gid, at(Math.min(task.dueInDays ?? -1, -1)));
    }
    store.addStatusUpdate(project.gid, plan.status, at(-1, index));
  }

  // Issue 17: an approval waiting on the client (assigned to the client's own contact, a guest in the
  // workspace), a design file on a client-visible task, and an internal file that never reaches the portal.
  const northwindGid = projectGids['Northwind Traders'];
  const nancy = readDemoClients().find((client) => client.name === 'Northwind Traders')?.people[0];
  if (northwindGid && nancy && taskGids['Homepage concepts'] && taskGids['Internal design critique']) {
    const guest = store.createUser(`${nancy.firstName} ${nancy.lastName}`, nancy.email);
    const design = store.sectionsOf(northwindGid)[1];
    taskGids['Sign off the homepage design'] = store.createTask({ name: 'Sign off the homepage design', projectGid: northwindGid, sectionGid: design?.gid, subtype: 'approval', assigneeGid: guest.gid, dueOn: day(5), tagGids: [tag.gid], customFields: { [visibleField.gid]: 'Yes' } }, at(-1)).gid;
    addAttachment(store, taskGids['Homepage concepts'], { name: 'Homepage concepts v1.pdf', contentType: 'application/pdf', body: renderTextPdf('Homepage concepts v1', ['Direction A: editorial', 'Direction B: product-led']) }, at(-1));
    addAttachment(store, taskGids['Internal design critique'], { name: 'Critique notes (internal).pdf', contentType: 'application/pdf', body: renderTextPdf('Internal critique', ['Not for the client']) }, at(-1));
    // Issue 16: the project's client conversation (Messages) with a reply from the team, and a
    // comment on an internal task that the portal never shows.
    taskGids['Client conversation'] = store.createTask({ name: 'Client conversation', projectGid: northwindGid, notes: 'Messages and files from the client portal.' }, at(-2)).gid;
    addComment(store, taskGids['Client conversation'], `Hi ${nancy.firstName}, the homepage concepts are up: have a look and tell us which direction you prefer.`, at(-1));
    addComment(store, taskGids['Internal design critique'], 'Internal: direction B is over budget, steer them to A.', at(-1));
  }

  const ops = store.createProject({ name: 'Agency operations', teamGid: team.gid, notes: 'Internal.' }, at(-90));
  const opsSection = store.createSection(ops.gid, 'Ongoing', at(-90));
  taskGids['Quarterly tax filing'] = store.createTask({ name: 'Quarterly tax filing', projectGid: ops.gid, sectionGid: opsSection.gid, assigneeGid: people.alex, dueOn: day(15) }, at(-10)).gid;
  const archived = store.createProject({ name: 'Initrode: Intranet refresh (2025)', teamGid: team.gid }, at(-300));
  store.archiveProject(archived.gid, at(-200));
  projectGids['Agency operations'] = ops.gid;
  projectGids['Initrode (archived)'] = archived.gid;
  // Filled in by hand the way many teams do: the "Client" field holds the company's name, not its domain.
  const globex = readDemoClients().find((client) => client.name === 'Globex Consulting');
  if (globex) {
    const workshop = store.createProject({ name: 'Brand workshop', teamGid: team.gid, notes: 'Half-day workshop.', customFieldGids: [clientField.gid], memberGids: [people.priya] }, at(-3));
    workshop.custom_fields = [{ gid: clientField.gid, resource_type: 'custom_field', name: 'Client', resource_subtype: 'text', type: 'text', text_value: globex.name, display_value: globex.name, enabled: true }];
    store.createTask({ name: 'Workshop agenda', projectGid: workshop.gid, assigneeGid: people.priya, dueOn: day(4) }, at(-3));
    projectGids['Globex Consulting (by name)'] = workshop.gid;
  }
  return { workspaceGid: store.workspace.gid, projectGids, taskGids, clientVisibleTagGid: tag.gid, clientVisibleFieldGid: visibleField.gid, clientFieldGid: clientField.gid };
}
