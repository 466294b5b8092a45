import { DAY_MS, foldEvents, type BehaviourAggregates, type BehaviourEvent } from "../../src/segments/index.js";

/*
 * Shared fixtures of the segment tests: the policy of the issue and instants by UTC day.
 */

export const POLICY = { events: { purchase: { properties: { amount: { decimals: 2 } } }, app_open: {} } } as const;

/** 2026-11-23 00:00 UTC as a day number: the "today" of the hand-built examples. */
export const TODAY = Date.UTC(2026, 10, 23) / DAY_MS;

/** Epoch ms of `day` (a UTC day number) plus `ms` into it. */
export const at = (day: number, ms = 0): number => day * DAY_MS + ms;

/** Epoch ms `back` days before TODAY, `hours` into that day. */
export const daysAgo = (back: number, hours = 12): number => at(TODAY - back, hours * 3_600_000);

export const fold = (events: readonly BehaviourEvent[], policy: object = POLICY): BehaviourAggregates => foldEvents(null, events, policy as never);
