/** Who is making a change, from their session: every team action is scoped and audited by it. */
export interface ActingUser {
  userId: number;
  clientId: number;
  workspaceId: number;
  ip: string | null;
  /** Staff acting from the console on a client's people (audited as staff); portal users by default. */
  actorType?: 'portal_user' | 'staff';
}
