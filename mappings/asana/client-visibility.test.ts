import { describe, expect, it } from 'vitest';
import { isClientVisible, isCustomFieldSet } from './client-visibility.js';
import type { AsanaCustomField, AsanaTask } from '../../connectors/asana/asana-types.js';

const rule = { tag: 'Client visible', field: 'Show to client' };
const task = (overrides: Partial<AsanaTask> = {}): AsanaTask => ({ gid: '1', name: 'A task', resource_subtype: 'default_task', tags: [], custom_fields: [], ...overrides });
const field = (overrides: Partial<AsanaCustomField>): AsanaCustomField => ({ gid: '900', name: 'Show to client', enabled: true, ...overrides });

describe('client visibility of Asana tasks', () => {
  it('shows milestones always, and hides plain tasks by default', () => {
    expect(isClientVisible(task({ resource_subtype: 'milestone' }), rule)).toBe(true);
    expect(isClientVisible(task(), rule)).toBe(false);
    expect(isClientVisible(task({ resource_subtype: 'approval', tags: null, custom_fields: null }), rule)).toBe(false);
  });

  it('shows tasks tagged with the configured tag (any case, surrounding spaces ignored), not other tags', () => {
    expect(isClientVisible(task({ tags: [{ gid: '5', name: ' client VISIBLE ' }] }), rule)).toBe(true);
    expect(isClientVisible(task({ tags: [{ gid: '5', name: 'client' }, { gid: '6', name: 'Grade A' }] }), rule)).toBe(false);
  });

  it('shows tasks whose configured field is set truthy: checkbox-like enum, text, number, date, people', () => {
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'enum', enum_value: { name: 'Yes' } })] }), rule)).toBe(true);
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'enum', enum_value: { name: 'No' } })] }), rule)).toBe(false);
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'enum', enum_value: null })] }), rule)).toBe(false);
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'text', text_value: 'shown on the portal' })] }), rule)).toBe(true);
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'text', text_value: '  ' })] }), rule)).toBe(false);
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'number', number_value: 1 })] }), rule)).toBe(true);
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'number', number_value: 0 })] }), rule)).toBe(false);
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'date', date_value: { date: '2026-12-01' } })] }), rule)).toBe(true);
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'people', people_value: [] })] }), rule)).toBe(false);
    expect(isClientVisible(task({ custom_fields: [field({ resource_subtype: 'multi_enum', multi_enum_values: [{ name: 'Portal' }] })] }), rule)).toBe(true);
  });

  it('reads only the configured field (by name or gid), and ignores it when disabled', () => {
    expect(isClientVisible(task({ custom_fields: [field({ name: 'Priority', resource_subtype: 'enum', enum_value: { name: 'Yes' } })] }), rule)).toBe(false);
    expect(isClientVisible(task({ custom_fields: [field({ name: 'Renamed', gid: '4242', resource_subtype: 'enum', enum_value: { name: 'true' } })] }), { ...rule, field: '4242' })).toBe(true);
    expect(isClientVisible(task({ custom_fields: [field({ enabled: false, resource_subtype: 'enum', enum_value: { name: 'Yes' } })] }), rule)).toBe(false);
  });

  it('falls back to the display value for field types it does not know', () => {
    expect(isCustomFieldSet(field({ resource_subtype: 'formula', display_value: 'Yes' }))).toBe(true);
    expect(isCustomFieldSet(field({ resource_subtype: undefined, display_value: 'false' }))).toBe(false);
    expect(isCustomFieldSet(field({ resource_subtype: undefined, display_value: null }))).toBe(false);
  });
});
