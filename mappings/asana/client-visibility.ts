import type { AsanaCustomField, AsanaTask } from '../../connectors/asana/asana-types.js';

export interface ClientVisibilityRule {
  /** Tag name that marks a task for clients (ASANA_CLIENT_VISIBLE_TAG). */
  tag: string;
  /** Custom field (name or gid) that marks a task for clients when set truthy (ASANA_CLIENT_VISIBLE_FIELD). */
  field: string;
}

/** Values people choose to mean "no" in a checkbox-like enum or a text field. */
const FALSY_WORDS = new Set(['', 'no', 'false', 'off', 'n', '0', 'none', 'hidden', 'internal', '-', '—']);

const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

function isWordTruthy(value: string | null | undefined): boolean {
  return value != null && !FALSY_WORDS.has(value.trim().toLowerCase());
}

/** Is this custom field "set"? Checkbox-like enums ("Yes"/"No"), text, numbers, dates, people, multi-select. */
export function isCustomFieldSet(field: AsanaCustomField): boolean {
  switch (field.resource_subtype) {
    case 'enum':
      return isWordTruthy(field.enum_value?.name);
    case 'multi_enum':
      return (field.multi_enum_values ?? []).some((option) => isWordTruthy(option.name));
    case 'text':
      return isWordTruthy(field.text_value);
    case 'number':
      return field.number_value != null && field.number_value !== 0;
    case 'date':
      return Boolean(field.date_value?.date || field.date_value?.date_time);
    case 'people':
      return (field.people_value ?? []).length > 0;
    case 'reference':
      return (field.reference_value ?? []).length > 0;
    default:
      // A type we do not know (or a compact field without its subtype): read the display value.
      return isWordTruthy(field.display_value);
  }
}

/**
 * Business rule: what a client may see of a project's plan. Milestones always; otherwise only
 * tasks tagged with the configured tag, or whose configured custom field is set truthy. Every
 * other task is internal: still stored (staff views, percent complete) but with clientVisible=false,
 * which is what the portal filters on.
 */
export function isClientVisible(task: AsanaTask, rule: ClientVisibilityRule): boolean {
  if (task.resource_subtype === 'milestone') return true;
  if ((task.tags ?? []).some((tag) => same(tag.name, rule.tag))) return true;
  const field = (task.custom_fields ?? []).find((f) => same(f.name, rule.field) || f.gid === rule.field.trim());
  return field != null && field.enabled !== false && isCustomFieldSet(field);
}
