/**
 * Behaviour is bucketed by UTC calendar day: the same day number on every machine and in every
 * time zone, so a backend and a browser agree, and a user who travels keeps one history.
 */
export const DAY_MS = 86_400_000;

/** The UTC day number (days since 1970-01-01) of an instant in epoch milliseconds. */
export function utcDay(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS);
}

/** The first instant (UTC midnight) of a day number. */
export function dayStart(day: number): number {
  return day * DAY_MS;
}
