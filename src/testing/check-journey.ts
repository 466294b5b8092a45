import * as fc from "fast-check";
import type { CompileOptions } from "../rules/compile-options.js";
import { compileJourney } from "../journeys/definition/compile-journey.js";
import { JourneyConfigError } from "../journeys/definition/journey-config-error.js";
import type { CompiledJourney } from "../journeys/definition/journey-model.js";
import { successorsOf } from "../journeys/definition/node-successors.js";
import type { JourneyInput } from "../journeys/definition/journey-schema.js";
import { journeyStep, type JourneyAction } from "../journeys/run/journey-step.js";
import type { JourneyState } from "../journeys/state/journey-state.js";
import { MAX_EPOCH_MS } from "../time/timestamp.js";
import { zoneClock } from "../time-zones/zone-clock.js";
import { assertReport, replayHint, runParameters, type CheckOptions, type InvariantReport } from "./invariant-report.js";
import { localDay, zoneOf } from "./local-day.js";
import { profileArbitrary } from "./profile-arbitrary.js";

/** One event of a generated user, at an instant (epoch ms). */
export interface JourneyTimedEvent {
  readonly time: number;
  readonly name: string;
  readonly id?: string;
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface JourneyCheckOptions extends Omit<CheckOptions, "timeZones"> {
  /** `compileJourney`'s options (custom operators, limits, backend for the journey's rules). */
  readonly rules?: CompileOptions;
  /** At most this many messages per user and local calendar day (default: not checked). */
  readonly maxPerDay?: number;
  /** Your own users (default `profileArbitrary()`, plus `vip` and `blocked` flags and `segments`: some of those the journey reads). A user's `segments` list is what they are in. */
  readonly users?: fc.Arbitrary<unknown>;
  /** Your own event sequences (default: the journey's own events — entry, waits, goal, exits — and noise, over `spanDays`). */
  readonly events?: fc.Arbitrary<readonly JourneyTimedEvent[]>;
  /** Days a generated sequence spans (default 14); wake-ups go on for as long again after the last event. */
  readonly spanDays?: number;
}

export interface JourneyCounterexample {
  /**
   * What broke: a node from which no path ends, a user in a run with no wake-up, a user still woken
   * after 5,000 calls (a loop the data never leaves), too many messages in a day, or a message key twice.
   */
  readonly violation: "every-path-ends" | "stuck" | "endless" | "daily-message-limit" | "duplicate-message";
  readonly detail: string;
  readonly node?: string;
  readonly user?: unknown;
  readonly events?: readonly JourneyTimedEvent[];
}

export type JourneyReport = InvariantReport<JourneyCounterexample>;

const INVARIANT = "journey";
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5, 8);
const MAX_WAIT = 730 * DAY;
/** Calls of journeyStep per generated user at most (wake-ups included). */
const MAX_CALLS = 5_000;

/** Nodes from which no path reaches an end (an exit, or a message without `next`): users there go round for ever. */
export function nodesWithoutEnd(journey: CompiledJourney): string[] {
  const ends = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, node] of journey.nodes) {
      if (ends.has(id)) continue;
      const out = successorsOf(node);
      if (out.length === 0 || out.some((target) => ends.has(target))) {
        ends.add(id);
        grew = true;
      }
    }
  }
  return [...journey.nodes.keys()].filter((id) => !ends.has(id));
}

/** The segments a journey reads: its entry's and its waits'. */
function segmentsRead(journey: CompiledJourney): string[] {
  const names = new Set<string>(journey.entry.kind === "segment" ? [journey.entry.segment] : []);
  for (const node of journey.nodes.values()) if (node.type === "waitFor" && node.segment !== null) names.add(node.segment);
  return [...names];
}

/** The event names a journey reads: entry, waits, goal and exit rules. */
function vocabulary(journey: CompiledJourney): string[] {
  const names = new Set<string>(journey.entry.kind === "event" ? [journey.entry.event] : []);
  for (const node of journey.nodes.values()) if (node.type === "waitFor" && node.event !== null) names.add(node.event.event);
  if (journey.goal !== null) names.add(journey.goal.event);
  for (const exit of journey.exits) if (exit.event !== null) names.add(exit.event);
  return [...names, "unrelated_event"];
}

interface Simulated {
  readonly messages: Extract<JourneyAction, { type: "message" }>[];
  readonly stuck: string | null;
  /** The call budget ran out with the user still in a run. */
  readonly endless: string | null;
}

/** Runs one user's events through the journey as a service would: each event at its time, and a wake-up whenever `wakeAt` comes. */
function simulate(journey: CompiledJourney, user: unknown, events: readonly JourneyTimedEvent[], tailMs: number): Simulated {
  const sorted = [...events].sort((a, b) => a.time - b.time);
  const profile = (typeof user === "object" && user !== null ? user : {}) as Record<string, unknown>;
  const current: { state: JourneyState | null; wakeAt: number | null } = { state: null, wakeAt: null };
  let calls = 0;
  const messages: Extract<JourneyAction, { type: "message" }>[] = [];
  // The segments the user is in: their profile's `segments` list (the default users draw some of the journey's).
  const segments = Array.isArray(profile["segments"]) ? (profile["segments"] as string[]) : [];
  const step = (input: { event?: { name: string; id?: string; properties?: Readonly<Record<string, unknown>> } }, now: number): string | null => {
    calls++;
    const result = journeyStep(journey, current.state, { ...input, user: profile, segments }, now);
    current.state = result.state;
    current.wakeAt = result.wakeAt;
    for (const action of result.actions) if (action.type === "message") messages.push(action);
    const run = result.state.runs[0];
    return run !== undefined && result.wakeAt === null ? `in a run at node ${JSON.stringify(run.node)} with no wake-up time after a call at ${new Date(now).toISOString()}` : null;
  };
  /** Wake-ups up to `until`; with `inRun`, only while a run goes on (a recurring schedule wakes the user for ever, rightly). */
  const wakeUntil = (until: number, inRun = false): string | null => {
    while (current.wakeAt !== null && current.wakeAt <= until && calls < MAX_CALLS && (!inRun || (current.state?.runs.length ?? 0) > 0)) {
      const stuck = step({}, Math.max(current.wakeAt, current.state?.clock ?? current.wakeAt));
      if (stuck !== null) return stuck;
    }
    return null;
  };
  for (const event of sorted) {
    const stuck = wakeUntil(event.time) ?? step({ event: { name: event.name, ...(event.id === undefined ? {} : { id: event.id }), ...(event.properties === undefined ? {} : { properties: event.properties }) } }, Math.max(event.time, current.state?.clock ?? event.time));
    if (stuck !== null) return { messages, stuck, endless: null };
  }
  const last = sorted.at(-1)?.time ?? START;
  let stuck = wakeUntil(last + tailMs);
  // With no more events every wait ends within 730 days, so a run that ends at all ends within that
  // per node: one still going past it (or past the call budget) goes round a loop for ever.
  if (stuck === null && (current.state?.runs.length ?? 0) > 0) stuck = wakeUntil(Math.min(MAX_EPOCH_MS, last + tailMs + journey.nodes.size * MAX_WAIT + DAY), true);
  const run = current.state?.runs[0] ?? null;
  const endless = stuck === null && run !== null ? `still in the journey ${calls >= MAX_CALLS ? `after ${MAX_CALLS} calls` : "long after every wait could have ended"} with no more events (at node ${JSON.stringify(run.node)}, ${messages.length} messages): a loop it never leaves` : null;
  return { messages, stuck, endless };
}

/**
 * Checks a journey definition for what a team would want of any journey: it compiles (every node
 * reachable, no dangling edge, no loop without a wait), every path ends (from every node an exit or
 * a last message can be reached), and over generated users and event sequences run as a service
 * would (each event, and a wake-up whenever `wakeAt` comes): no user is left in a run without a
 * wake-up time, no message key comes twice, and, with `maxPerDay`, no user gets more messages in a
 * day of their time zone. Never throws for a broken invariant or an invalid journey: see the report.
 *
 * @example
 * const report = checkJourney(onboarding, { maxPerDay: 2 });
 * report.ok; // true, or false with report.message saying what broke and how to replay it
 */
export function checkJourney(definition: JourneyInput | Readonly<Record<string, unknown>>, options: JourneyCheckOptions = {}): JourneyReport {
  if (options.maxPerDay !== undefined && !(Number.isInteger(options.maxPerDay) && options.maxPerDay >= 0)) throw new RangeError(`maxPerDay must be a whole number >= 0, got ${String(options.maxPerDay)}`);
  let journey: CompiledJourney;
  try {
    journey = compileJourney(definition, options.rules === undefined ? {} : { rules: options.rules });
  } catch (error) {
    if (!(error instanceof JourneyConfigError)) throw error;
    return { invariant: INVARIANT, ok: false, runs: 0, message: `the journey does not compile: ${error.problems.map((problem) => `${problem.message} at ${problem.path}`).join("; ")}`, configProblems: error.problems };
  }
  const endless = nodesWithoutEnd(journey);
  if (endless.length > 0) {
    const node = endless[0] as string;
    return { invariant: INVARIANT, ok: false, runs: 0, message: `no path from ${endless.map((id) => JSON.stringify(id)).join(", ")} ever ends: a user there goes round for ever (add an exit, or a branch or timeout that leads to one)`, counterexample: { violation: "every-path-ends", node, detail: `no path from node ${JSON.stringify(node)} reaches an exit or a message without next` } };
  }
  const zones = zoneClock();
  const spanMs = Math.max(1, options.spanDays ?? 14) * DAY;
  const names = vocabulary(journey);
  const segmentNames = segmentsRead(journey);
  const users = options.users ?? fc.tuple(profileArbitrary(), fc.boolean(), fc.integer({ min: 0, max: 9 }), fc.subarray(segmentNames)).map(([profile, vip, blocked, segments]) => ({ ...profile, vip, blocked: blocked === 0, segments }));
  const events =
    options.events ??
    fc.array(
      fc.record({ time: fc.integer({ min: START, max: START + spanMs }), name: fc.constantFrom(...names), id: fc.option(fc.integer({ min: 0, max: 5 }).map((n) => `e${n}`), { nil: undefined }), x: fc.integer({ min: 0, max: 1 }) }).map(({ x, id, ...event }): JourneyTimedEvent => ({ ...event, ...(id === undefined ? {} : { id }), properties: { x } })),
      { maxLength: 30 },
    );

  const violation = (user: unknown, list: readonly JourneyTimedEvent[]): JourneyCounterexample | null => {
    const simulated = simulate(journey, user, list, spanMs);
    if (simulated.stuck !== null) return { violation: "stuck", detail: `a user is ${simulated.stuck}` };
    if (simulated.endless !== null) return { violation: "endless", detail: `a user is ${simulated.endless}` };
    const keys = new Set<string>();
    for (const message of simulated.messages) {
      if (keys.has(message.key)) return { violation: "duplicate-message", detail: `the message ${message.key} came twice`, node: message.node };
      keys.add(message.key);
    }
    if (options.maxPerDay !== undefined) {
      const zone = zoneOf(user, "UTC", zones);
      const byDay = new Map<string, string[]>();
      for (const message of simulated.messages) {
        const day = localDay(message.dueAt, zone, zones);
        const sent = byDay.get(day) ?? [];
        sent.push(message.node);
        byDay.set(day, sent);
        if (sent.length > options.maxPerDay) return { violation: "daily-message-limit", detail: `${sent.length} messages on ${day} (${zone}), more than maxPerDay ${options.maxPerDay}: ${sent.map((id) => JSON.stringify(id)).join(", ")}`, node: message.node };
      }
    }
    return null;
  };

  const details = fc.check(fc.property(users, events, (user, list) => violation(user, list) === null), runParameters(options, 200));
  const base = { invariant: INVARIANT, runs: details.numRuns, seed: details.seed };
  if (!details.failed) return { ...base, ok: true, message: `from every node of ${JSON.stringify(journey.id)} a path ends; over ${details.numRuns} generated users and event sequences no user was left without a wake-up or went round a loop for ever, no message came twice${options.maxPerDay === undefined ? "" : `, and no user got more than ${options.maxPerDay} messages in a day`} (seed ${details.seed})` };
  const replay = replayHint(details.seed, details.counterexamplePath);
  const [user, list] = details.counterexample ?? [undefined, []];
  let found: JourneyCounterexample | null = null;
  try {
    found = details.counterexample === null ? null : violation(user, list);
  } catch {
    // journeyStep threw on it: reported below with fast-check's error.
  }
  if (found === null) {
    const error = details.errorInstance instanceof Error ? `${details.errorInstance.name}: ${details.errorInstance.message}` : String(details.errorInstance);
    return { ...base, ok: false, message: `journeyStep threw on a generated case (${error}); ${replay}`, ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }) };
  }
  const counterexample = { ...found, user, events: list };
  return { ...base, ok: false, counterexample, message: `${found.detail}, for user ${JSON.stringify((user as { id?: unknown } | undefined)?.id ?? null)} after ${list.length} event(s); ${replay}`, ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }) };
}

/** `checkJourney`, throwing an InvariantError with the report's message when it does not hold. */
export function assertJourney(definition: JourneyInput | Readonly<Record<string, unknown>>, options: JourneyCheckOptions = {}): JourneyReport {
  return assertReport(checkJourney(definition, options));
}
