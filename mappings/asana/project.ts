import type { ObjectMapping, Project } from '../../src/connector-kit/index.js';
import { asAsanaObject, type AsanaProject } from '../../connectors/asana/asana-types.js';

type StatusColor = NonNullable<Project['statusColor']>;

/** Status updates say how a project is going in words; the portal shows a colour. */
const STATUS_TYPE_COLORS: Record<string, StatusColor> = {
  on_track: 'green',
  at_risk: 'yellow',
  off_track: 'red',
  on_hold: 'blue',
  complete: 'complete',
  // Goal-style closings some status updates carry.
  achieved: 'complete',
  partial: 'yellow',
  missed: 'red',
  dropped: 'red',
};

const LEGACY_COLORS = new Set<string>(['green', 'yellow', 'red', 'blue', 'complete']);

/** The current status update (status_type) wins over the legacy current_status (color), which Asana still fills. */
export function projectStatus(project: AsanaProject): { color: StatusColor | null; text: string | null } {
  const update = project.current_status_update;
  if (update && (update.status_type || update.text || update.title)) {
    return { color: (update.status_type && STATUS_TYPE_COLORS[update.status_type]) || null, text: update.text || update.title || null };
  }
  const legacy = project.current_status;
  if (legacy) {
    const color = legacy.color && LEGACY_COLORS.has(legacy.color) ? (legacy.color as StatusColor) : null;
    return { color, text: legacy.text || legacy.title || null };
  }
  return { color: null, text: null };
}

/** From the task counts the hub read with the project; a project marked complete without counts is 100 %. */
export function percentComplete(project: AsanaProject): number | null {
  const counts = project.clienthub_task_counts;
  if (counts && typeof counts.num_tasks === 'number' && counts.num_tasks > 0) {
    return Math.round(((counts.num_completed_tasks ?? 0) / counts.num_tasks) * 100);
  }
  return project.completed === true ? 100 : null;
}

export const projectMapping: ObjectMapping<'project'> = {
  provider: 'asana',
  objectType: 'Project',
  kind: 'project',
  map(raw) {
    const project = asAsanaObject<AsanaProject>(raw, 'project');
    const status = projectStatus(project);
    return {
      name: project.name || `Asana project ${project.gid}`,
      ownerName: project.owner?.name || null,
      dueDate: project.due_on || project.due_date || null,
      percentComplete: percentComplete(project),
      statusColor: status.color,
      statusText: status.text,
      archived: project.archived === true,
    };
  },
};
