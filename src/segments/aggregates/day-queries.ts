import { powerOfTen } from "../../math/power-of-ten.js";
import type { EventAggregate } from "./behaviour-aggregates.js";
import { utcDay } from "./utc-day.js";

/*
 * Queries over one event's daily buckets, for the UTC days fromDay..toDay (inclusive). They read
 * data that may come from anywhere, so every entry is type-checked as it is read: a damaged entry
 * is skipped, never thrown on.
 */

/** Events on the days fromDay..toDay. Exact beyond the retention horizon when the span covers every event. */
export function countInDays(event: EventAggregate, fromDay: number, toDay: number): number {
  const lastDay = utcDay(event.last);
  if (fromDay <= utcDay(event.first) && toDay >= lastDay && typeof event.n === "number") return event.n;
  const { ago, c } = event;
  let total = 0;
  for (let i = 0; i < ago.length; i++) {
    const back = ago[i];
    if (typeof back !== "number") continue;
    const day = lastDay - back;
    if (day > toDay) continue;
    if (day < fromDay) break;
    const count = c[i];
    if (typeof count === "number") total += count;
  }
  return total;
}

/** Days with at least one event among fromDay..toDay. */
export function activeDaysInDays(event: EventAggregate, fromDay: number, toDay: number): number {
  const lastDay = utcDay(event.last);
  const { ago } = event;
  let days = 0;
  for (let i = 0; i < ago.length; i++) {
    const back = ago[i];
    if (typeof back !== "number") continue;
    const day = lastDay - back;
    if (day > toDay) continue;
    if (day < fromDay) break;
    days++;
  }
  return days;
}

/**
 * Consecutive days with the event ending today, or ending yesterday while today has none yet (a
 * streak lasts until the end of the day it would break on). At most the retention horizon.
 */
export function streakEndingAt(event: EventAggregate, today: number): number {
  const lastDay = utcDay(event.last);
  const { ago } = event;
  // NaN until the streak's first day is found (any number, even -1, is a real day).
  let expected = Number.NaN;
  let streak = 0;
  for (let i = 0; i < ago.length; i++) {
    const back = ago[i];
    if (typeof back !== "number") continue;
    const day = lastDay - back;
    if (day > today) continue;
    if (Number.isNaN(expected)) {
      if (day < today - 1) return 0;
      expected = day;
    }
    if (day !== expected) break;
    streak++;
    expected--;
  }
  return streak;
}

export interface PropertyTotals {
  /** Events with a value. */
  readonly count: number;
  /** In units of the property (the stored integers divided by 10^scale). */
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
}

const NO_VALUES: PropertyTotals = Object.freeze({ count: 0, sum: 0, min: null, max: null });

/** Count, sum, min and max of a declared property over fromDay..toDay. */
export function propertyInDays(event: EventAggregate, property: string, fromDay: number, toDay: number): PropertyTotals {
  const days = typeof event.p === "object" && event.p !== null && Object.hasOwn(event.p, property) ? event.p[property] : undefined;
  if (days === undefined || days === null || typeof days !== "object") return NO_VALUES;
  const { scale, k, sum, min, max } = days;
  if (!Array.isArray(sum) || !Array.isArray(min) || !Array.isArray(max) || typeof scale !== "number") return NO_VALUES;
  const lastDay = utcDay(event.last);
  const { ago, c } = event;
  const valued = Array.isArray(k) ? k : c;
  let count = 0;
  let total = 0;
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ago.length; i++) {
    const back = ago[i];
    if (typeof back !== "number") continue;
    const day = lastDay - back;
    if (day > toDay) continue;
    if (day < fromDay) break;
    const n = valued[i];
    if (typeof n !== "number" || n === 0) continue;
    const s = sum[i];
    const lo = min[i];
    const hi = max[i];
    if (typeof s !== "number" || typeof lo !== "number" || typeof hi !== "number") continue;
    count += n;
    total += s;
    if (lo < lowest) lowest = lo;
    if (hi > highest) highest = hi;
  }
  if (count === 0) return NO_VALUES;
  const unit = powerOfTen(scale);
  return { count, sum: total / unit, min: lowest / unit, max: highest / unit };
}
