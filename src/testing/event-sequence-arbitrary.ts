import * as fc from "fast-check";
import type { EngineEvent } from "../engine/engine-types.js";
import { instantOf, type Instant } from "../time/instant.js";
import { eventArbitrary, type EventArbitraryOptions } from "./event-arbitrary.js";
import { DAY, HOUR, MINUTE } from "./time-anchors.js";

/** An event of a sequence: it has an id and a time (epoch ms). */
export interface TimedEvent extends EngineEvent {
  readonly id: string;
  readonly time: number;
}

export interface EventSequenceOptions extends EventArbitraryOptions {
  /** When the sequence starts: an instant, or an arbitrary of epoch ms. */
  readonly start: Instant | fc.Arbitrary<number>;
  /** The sequence fits in this many days from `start` (default 3). */
  readonly spanDays?: number;
  readonly minEvents?: number;
  /** Default 24. */
  readonly maxEvents?: number;
}

/** Real users come in bursts: seconds apart within a session, hours between sessions, sometimes days. */
const gap: fc.Arbitrary<number> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 600 }).map((seconds) => seconds * 1000) },
  { weight: 3, arbitrary: fc.integer({ min: 10, max: 240 }).map((minutes) => minutes * MINUTE) },
  { weight: 1, arbitrary: fc.integer({ min: 4, max: 36 }).map((hours) => hours * HOUR) },
);

/** Duck-typed: an arbitrary from another copy of fast-check is one too. */
function isArbitrary(value: unknown): value is fc.Arbitrary<number> {
  return typeof value === "object" && value !== null && !(value instanceof Date) && typeof (value as { generate?: unknown }).generate === "function";
}

/**
 * Time-ordered events of one user over a span, with realistic gaps (bursts within a session,
 * hours between sessions, days of silence). Times are epoch ms; ids are unique within the sequence.
 *
 * @example
 * eventSequenceArbitrary({ start: "2026-11-23T08:00:00Z", spanDays: 2, vocabulary })
 * // [{ id: "e0", name: "app_open", time: 1795420812000 }, { id: "e1", name: "add_to_cart", time: …, properties: { category: "chips" } }, …]
 */
export function eventSequenceArbitrary(options: EventSequenceOptions): fc.Arbitrary<TimedEvent[]> {
  const span = Math.max(1, options.spanDays ?? 3) * DAY;
  const minEvents = Math.max(0, options.minEvents ?? 1);
  const maxEvents = Math.max(minEvents, options.maxEvents ?? 24);
  const start = isArbitrary(options.start) ? options.start : fc.constant(instantOf(options.start, "options.start"));
  return fc.tuple(start, fc.array(fc.tuple(gap, eventArbitrary(options)), { minLength: minEvents, maxLength: maxEvents })).map(([from, entries]) => {
    const total = entries.reduce((sum, [wait]) => sum + wait, 0);
    // Squeezed into the span when the gaps add up to more: the order and the bursts are kept.
    const scale = total > span ? span / total : 1;
    let elapsed = 0;
    return entries.map(([wait, event], index) => {
      elapsed += wait;
      return { ...event, id: `e${index}`, time: from + Math.floor(elapsed * scale) };
    });
  });
}
