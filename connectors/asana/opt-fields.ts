/**
 * The fields asked for, each list sent as ONE comma-joined string (the SDK would otherwise
 * serialise an array its own way). Everything the mappings and the visibility rule read.
 */
export const PROJECT_FIELDS = [
  'gid', 'resource_type', 'name', 'archived', 'completed', 'completed_at', 'due_on', 'due_date', 'start_on', 'modified_at', 'permalink_url',
  'owner.name', 'workspace.gid',
  'current_status.color', 'current_status.text', 'current_status.title',
  'current_status_update.status_type', 'current_status_update.text', 'current_status_update.title',
  // Project-level custom fields: where a business keeps the CRM company id (identity resolution).
  'custom_fields.gid', 'custom_fields.name', 'custom_fields.display_value', 'custom_fields.text_value',
].join(',');

export const TASK_FIELDS = [
  'gid', 'resource_type', 'name', 'resource_subtype', 'completed', 'completed_at', 'due_on', 'due_at', 'modified_at', 'permalink_url',
  'assignee.name', 'assignee.email', 'approval_status',
  'memberships.project.gid', 'memberships.project.name', 'memberships.section.gid', 'memberships.section.name',
  'tags.name',
  'custom_fields.gid', 'custom_fields.name', 'custom_fields.resource_subtype', 'custom_fields.enabled', 'custom_fields.display_value',
  'custom_fields.enum_value.name', 'custom_fields.multi_enum_values.name', 'custom_fields.text_value', 'custom_fields.number_value',
  'custom_fields.date_value', 'custom_fields.people_value', 'custom_fields.reference_value',
].join(',');

/** Lists page at most 100 items. */
export const PAGE_LIMIT = 100;
