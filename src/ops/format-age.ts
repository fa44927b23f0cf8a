/** "3 hours", "1 day", "12 minutes": an age in the largest whole unit, for staff alerts and the portal's notice. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const [n, unit] = minutes >= 1440 ? [Math.floor(minutes / 1440), 'day'] : minutes >= 60 ? [Math.floor(minutes / 60), 'hour'] : [Math.max(1, minutes), 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
