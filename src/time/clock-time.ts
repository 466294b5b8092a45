/** A local wall-clock time "HH:MM" (validated by the schemas' clock pattern) as minutes after midnight. */
export function clockMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}
