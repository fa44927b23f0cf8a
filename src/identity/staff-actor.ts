/** Who made a manual decision: a staff user of the console, the CLI, or an admin API token. */
export interface StaffActor {
  type: 'staff' | 'cli';
  id: string;
  ip?: string | null;
}

export function actorLabel(actor: StaffActor): string {
  return `${actor.type}:${actor.id}`;
}
