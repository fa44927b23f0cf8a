import { describe, expect, it } from 'vitest';
import { AsanaEmulatorStore } from './asana-emulator-store.js';

describe('Asana emulator store', () => {
  it('scopes events to the task, its projects and its parent’s projects, and logs deletions', () => {
    const store = new AsanaEmulatorStore({ now: () => Date.parse('2026-11-20T10:00:00Z') });
    const project = store.createProject({ name: 'Initech: CRM migration' });
    const phase = store.createSection(project.gid, 'Plan');
    const task = store.createTask({ name: 'Kick-off', projectGid: project.gid });
    const sub = store.createTask({ name: 'Book room', projectGid: project.gid, parentGid: task.gid });
    expect(task.memberships).toEqual([{ project: { gid: project.gid, resource_type: 'project', name: 'Initech: CRM migration' }, section: { gid: phase.gid, resource_type: 'section', name: 'Plan' } }]);
    expect(store.tasksOf(project.gid).map((t) => t.name)).toEqual(['Kick-off']);
    expect(store.get(task.gid)!.num_subtasks).toBe(1);
    const seq = store.lastSeq();
    store.completeTask(sub.gid);
    store.deleteTask(task.gid);
    const events = store.eventsSince(project.gid, seq).map((entry) => [entry.event.action, entry.event.resource.name ?? entry.event.resource.gid]);
    expect(events).toEqual([
      ['changed', 'Book room'],
      ['deleted', task.gid],
    ]);
    expect(store.tasksOf(project.gid)).toEqual([]);
    expect(() => store.createTask({ name: 'x', projectGid: project.gid, customFields: { [store.createCustomField('Client visible', 'enum', ['Yes', 'No']).gid]: 'Maybe' } })).toThrow(/no option/);
  });

  it('seeds one project per CRM client with phases, milestones, and client-visible and internal tasks', () => {
    const store = new AsanaEmulatorStore();
    const seed = store.seedDemo();
    const northwind = store.get(seed.projectGids['Northwind Traders']!)!;
    expect(northwind).toMatchObject({ name: 'Northwind Traders: Website rebuild', archived: false, custom_fields: [{ display_value: 'northwind.example' }], current_status_update: { title: 'Design under way' } });
    expect(String(northwind.notes)).toContain('nancy.davolio@northwind.example');
    const tasks = store.tasksOf(northwind.gid);
    expect(tasks.filter((task) => task.resource_subtype === 'milestone').map((task) => task.name)).toEqual(['Discovery sign-off', 'Design approved', 'Go live']);
    const visible = (task: Record<string, unknown>) => (task.tags as { name: string }[]).some((tag) => tag.name === 'client-visible');
    expect(tasks.filter((task) => !visible(task)).map((task) => task.name)).toEqual(['Set up analytics sandbox', 'Internal design critique', 'Load testing', 'Client conversation']);
    expect(store.get(seed.projectGids['Initrode (archived)']!)!.archived).toBe(true);
  });
});
