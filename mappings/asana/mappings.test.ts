import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/load-config.js';
import { projectSchema, taskSchema } from '../../src/model/unified-model.js';
import { projectMapping } from './project.js';
import { taskMapping } from './task.js';

const sample = (name: string) => (JSON.parse(readFileSync(new URL(`../../connectors/asana/testing/samples/${name}`, import.meta.url), 'utf8')) as { data: Record<string, unknown> }).data;
const context = { config: loadConfig({ CLIENTHUB_DATA_DIR: '/tmp', CLIENTHUB_SECRET_KEY: 'x'.repeat(40), ASANA_CLIENT_VISIBLE_TAG: 'Grade A' }, '/tmp'), metadata: { get: () => undefined, set: () => {} } };

describe('Asana mappings on the documented samples', () => {
  it('maps the sample task, with its section as the phase and the configured tag making it client-visible', () => {
    const raw = { ...sample('task.json'), memberships: [{ project: { gid: '12345', name: 'Stuff to buy' }, section: { gid: '777', name: 'Next Actions' } }] };
    const task = taskSchema.parse(taskMapping.map(raw, context));
    expect(task).toEqual({ projectExternalId: '12345', name: 'Buy catnip', isMilestone: false, phase: 'Next Actions', assigneeName: 'Greg Sanchez', dueDate: '2019-09-15', completed: false, completedAt: null, clientVisible: true, assigneeEmail: null, forClient: false, approvalStatus: null });
    expect(taskMapping.map({ ...raw, tags: [] }, context).clientVisible).toBe(false);
    // Approval tasks carry Asana's approval_status; an unknown future value reads as still pending.
    expect(taskMapping.map({ ...raw, resource_subtype: 'approval', approval_status: 'changes_requested' }, context).approvalStatus).toBe('changes_requested');
    expect(taskMapping.map({ ...raw, resource_subtype: 'approval', approval_status: 'escalated' }, context).approvalStatus).toBe('pending');
    expect(taskMapping.map({ ...raw, approval_status: 'approved' }, context).approvalStatus).toBeNull();
    expect(taskMapping.map({ ...raw, assignee: { gid: '1', name: 'Nancy', email: ' Nancy@Northwind.example ' }, tags: [...(raw as unknown as { tags: unknown[] }).tags, { name: 'Waiting-on-client' }] }, context)).toMatchObject({ assigneeEmail: 'nancy@northwind.example', forClient: true });
    expect(taskMapping.map({ ...raw, assignee: null, due_on: null, due_at: null, memberships: [] }, context)).toMatchObject({ assigneeName: null, dueDate: null, projectExternalId: null, phase: null });
  });

  it('maps the sample project; status colours come from the status update type, else the legacy colour', () => {
    const raw = sample('project.json');
    expect(projectSchema.parse(projectMapping.map(raw, context))).toEqual({ name: 'Stuff to buy', ownerName: 'Greg Sanchez', dueDate: '2019-09-15', percentComplete: null, statusColor: null, statusText: 'Status Update - Jun 15', archived: false });
    const colours = ['on_track', 'at_risk', 'off_track', 'on_hold', 'complete', 'something_new'].map((status_type) => projectMapping.map({ ...raw, current_status_update: { status_type, text: 'x' } }, context).statusColor);
    expect(colours).toEqual(['green', 'yellow', 'red', 'blue', 'complete', null]);
    expect(projectMapping.map({ ...raw, current_status_update: null, current_status: { color: 'red', text: 'Blocked' } }, context)).toMatchObject({ statusColor: 'red', statusText: 'Blocked' });
    expect(projectMapping.map({ ...raw, clienthub_task_counts: { num_tasks: 3, num_completed_tasks: 1 } }, context).percentComplete).toBe(33);
    expect(() => projectMapping.map({ name: 'no gid' }, context)).toThrow('Not an Asana project');
  });
});
