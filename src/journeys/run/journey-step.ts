import type { Channel } from "../../channels/channel.js";
import { field } from "../../json/own-value.js";
import { idText } from "../../json/id-text.js";
import { isPlainObject } from "../../json/plain-object.js";
import { truthy } from "../../rules/semantics/truthiness.js";
import type { CompiledRule } from "../../rules/compile-options.js";
import { MAX_EPOCH_MS, toEpochMilliseconds } from "../../time/timestamp.js";
import { hashUnit } from "../../experiments/hashing/unit-hash.js";
import type { CompiledJourney, CompiledNode, EventCondition, ScheduledEntry } from "../definition/journey-model.js";
import { JOURNEY_STATE_VERSION, MAX_SEEN_IDS, readJourneyState, type JourneyRun, type JourneyState } from "../state/journey-state.js";
import { nextLocalTime } from "./next-local-time.js";
import { readTimeZone } from "../../channels/user/channel-user.js";
import { zoneClock, type ZoneClock } from "../../time-zones/zone-clock.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";

/** What a call of `journeyStep` is for: the user's event, or (without one) a wake-up. */
export interface JourneyStepInput {
  /** The user's event at `now`: `id` makes a retried call recognisable. */
  readonly event?: { readonly name: string; readonly id?: string; readonly properties?: Readonly<Record<string, unknown>> } | null | undefined;
  /** The user's profile: `id` (splits), `timeZone` (delays until a local time) and whatever the rules read. */
  readonly user?: Readonly<Record<string, unknown>> | null | undefined;
  /** The segments the user is in now (a list, or a test), for a `segmentEntry` entry and `segment` waits; without it, none. */
  readonly segments?: readonly string[] | ((segment: string) => boolean) | undefined;
  /** Shares per path id for `bandit` splits, by node id (e.g. `banditAllocation(...).shares`); a split without them goes by weight. */
  readonly splitShares?: Readonly<Record<string, Readonly<Record<string, number>>>> | undefined;
}

/** Why a run ended. */
export type JourneyExitReason = "exit-node" | "completed" | "exit-rule" | "goal" | "late" | "node-removed" | "beyond-time-range" | "no-time";

/** What a step did, in order. `message` actions are what the caller sends; the others are records. */
export type JourneyAction =
  /** `key`: a concurrent journey's run key; `because`: what entered the user (the event, the segment, the schedule). */
  | { readonly type: "entered"; readonly journey: string; readonly entry: number; readonly at: number; readonly key: string | null; readonly because: string }
  | {
      readonly type: "message";
      /** Unique per journey, entry, node and iteration: a retried call gives the same key (send each key once). */
      readonly key: string;
      readonly journey: string;
      readonly entry: number;
      readonly node: string;
      readonly iteration: number;
      /** When the message was due (earlier than `now` when the caller woke the journey late). */
      readonly dueAt: number;
      readonly late: boolean;
      readonly content: Record<string, unknown>;
      readonly channels: Channel[] | null;
      readonly category: string | null;
    }
  | { readonly type: "skipped"; readonly key: string; readonly journey: string; readonly entry: number; readonly node: string; readonly dueAt: number; readonly reason: "late" }
  | { readonly type: "branched"; readonly journey: string; readonly entry: number; readonly node: string; readonly at: number; readonly to: string; readonly because: string }
  | { readonly type: "waiting"; readonly journey: string; readonly entry: number; readonly node: string; readonly since: number; readonly until: number; readonly for: string }
  /** The goal happened: `credit` is the key of the run's latest message (null: none was sent), `enteredAt` when the run began. */
  | { readonly type: "converted"; readonly journey: string; readonly entry: number; readonly at: number; readonly enteredAt: number; readonly credit: string | null }
  | { readonly type: "exited"; readonly journey: string; readonly entry: number; readonly at: number; readonly reason: JourneyExitReason; readonly node: string | null }
  | { readonly type: "ignored"; readonly journey: string; readonly at: number; readonly reason: "before-clock" | "retry" }
  /** A concurrent journey's entry event found `max` runs going (or no key at the policy's path): not entered. */
  | { readonly type: "not-entered"; readonly journey: string; readonly at: number; readonly reason: "max-runs" | "no-key"; readonly key: string | null }
  | { readonly type: "problem"; readonly journey: string; readonly at: number; readonly message: string };

/** Where local times come from (delays `until` a time of day). */
export interface JourneyStepOptions {
  /** The provider that knows the zones (default `intlTimeZones`; `pinnedTimeZones` gives every runtime the same offsets). */
  readonly timeZones?: TimeZoneProvider;
  /** The zone for a user without a valid `timeZone` (default "UTC"; an engine passes its config's). */
  readonly timeZone?: string;
}

export interface JourneyStepResult {
  /** Persist it; pass it to the next call. */
  readonly state: JourneyState;
  readonly actions: JourneyAction[];
  /** When to call again without an event (a delay ends, a wait times out), or null. */
  readonly wakeAt: number | null;
}

/** Transitions one call may make before it stops (the state is kept; `wakeAt` ≤ now asks for another call). */
const MAX_TRANSITIONS = 10_000;

interface Step {
  readonly journey: CompiledJourney;
  readonly now: number;
  readonly event: { name: string; id: string | null; properties: Readonly<Record<string, unknown>> } | null;
  readonly user: Readonly<Record<string, unknown>>;
  readonly isMember: (segment: string) => boolean;
  readonly splitShares: JourneyStepInput["splitShares"];
  readonly zones: ZoneClock;
  /** The zone for a user without a valid one. */
  readonly fallbackZone: string;
  readonly actions: JourneyAction[];
  transitions: number;
  /** Message nodes that sent a late message in this call: the policy "send" sends one per node, then skips (a loop woken days late must not flood the user). */
  lateSent: Set<string> | null;
  /** Condition waits and delays to a past instant passed on arrival in this call: each at most once, so that a loop through one cannot spin. */
  passedOnArrival: Set<string> | null;
}

/** A mutable copy of a run while a step changes it. */
interface RunDraft {
  entry: number;
  key: string | null;
  enteredAt: number;
  node: string;
  since: number;
  wakeAt: number;
  sent: Record<string, number>;
  lastMessage: string | null;
}

/**
 * Moves one user through one journey: a pure state machine. Give it the user's state in the journey
 * (null the first time), the input (the user's event, or none for a wake-up) and the instant; it
 * returns the new state to persist, what happened (messages to send, and records: entered, branched,
 * waiting, converted, exited), and when to call again. Inputs before the state's latest instant, and
 * an event id already processed at that instant (a retry), are ignored and reported. A message is
 * keyed by journey, entry, node and iteration: a retried call never yields a new key. Local times
 * (delays `until` a time of day) are read in the user's `timeZone` with `options.timeZones`.
 *
 * @example
 * const journey = compileJourney({
 *   id: "onboarding", entry: { event: "signed_up" }, start: "welcome",
 *   nodes: { welcome: { type: "message", content: { title: "Welcome!" }, next: "wait" }, wait: { type: "delay", for: "2d", next: "tip" }, tip: { type: "message", content: { title: "A tip" } } },
 * });
 * const first = journeyStep(journey, null, { event: { name: "signed_up", id: "e1" }, user: { id: "u1" } }, Date.UTC(2026, 0, 1));
 * first.actions.map((action) => action.type); // ["entered", "message", "waiting"]
 * first.wakeAt; // Date.UTC(2026, 0, 3)
 * journeyStep(journey, first.state, { user: { id: "u1" } }, Date.UTC(2026, 0, 3)).actions.map((action) => action.type); // ["message", "exited"]
 */
export function journeyStep(journey: CompiledJourney, state: JourneyState | null, input: JourneyStepInput, now: number, options: JourneyStepOptions = {}): JourneyStepResult {
  if (!(typeof now === "number" && Number.isInteger(now) && Math.abs(now) <= MAX_EPOCH_MS)) throw new RangeError("now must be an instant: integer epoch milliseconds within the Date range");
  const current: JourneyState = state === null ? { version: JOURNEY_STATE_VERSION, journey: journey.id, entries: 0, lastExitAt: null, clock: null, seen: [], runs: [] } : readJourneyState(state, journey.id);
  const zones = zoneClock(options.timeZones);
  const fallbackZone = zones.isValid(options.timeZone) ? options.timeZone : "UTC";
  const step: Step = {
    journey,
    now,
    event: readEvent(input?.event),
    user: isPlainObject(input?.user) ? input.user : {},
    isMember: membership(input?.segments),
    splitShares: isPlainObject(input?.splitShares) ? input.splitShares : undefined,
    zones,
    fallbackZone,
    actions: [],
    transitions: 0,
    lateSent: null,
    passedOnArrival: null,
  };
  if (input?.event !== undefined && input.event !== null && step.event === null) step.actions.push({ type: "problem", journey: journey.id, at: now, message: "the event is not { name: a non-empty string, id?: a non-empty string, properties?: an object }: taken as a wake-up" });
  if (current.clock !== null && now < current.clock) {
    step.actions.push({ type: "ignored", journey: journey.id, at: now, reason: "before-clock" });
    return { state: current, actions: step.actions, wakeAt: wakeOf(step, current.runs, current.entries, current.lastExitAt) };
  }
  if (step.event?.id != null && now === current.clock && current.seen.includes(step.event.id)) {
    step.actions.push({ type: "ignored", journey: journey.id, at: now, reason: "retry" });
    return { state: current, actions: step.actions, wakeAt: wakeOf(step, current.runs, current.entries, current.lastExitAt) };
  }
  let entries = current.entries;
  let lastExitAt = current.lastExitAt;
  const end = (draft: RunDraft, at: number, reason: JourneyExitReason, node: string | null): null => {
    step.actions.push({ type: "exited", journey: journey.id, entry: draft.entry, at, reason, node });
    lastExitAt = lastExitAt === null ? at : Math.max(lastExitAt, at);
    return null;
  };
  // Each run on its own, oldest entry first (a concurrent journey has several; the others at most one).
  let runs: RunDraft[] = [];
  let caughtUp = true;
  for (const stored of current.runs) {
    let run: RunDraft | null = { ...stored, sent: counters(stored.sent) };
    // A definition changed under a user in flight: a node that is gone lets them out at once (a kept node keeps them, with its old wake-up time).
    if (!journey.nodes.has(run.node)) run = end(run, now, "node-removed", run.node);
    // Exit rules without an event hold or not whatever the input: checked first, before anything is sent.
    if (run !== null && exitRuleHolds(step, run, true)) run = end(run, now, "exit-rule", run.node);
    // Wake-ups due by now, in time order: each from the instant it was due.
    while (run !== null && run.wakeAt <= now && step.transitions < MAX_TRANSITIONS) run = wake(step, run, end);
    if (run === null) continue;
    runs.push(run);
    if (run.wakeAt <= now) caughtUp = false;
  }
  // The transition budget ran out before the wake-ups due by now were done: the event would come before them, so it waits for the next call.
  if (!caughtUp) step.actions.push({ type: "problem", journey: journey.id, at: now, message: `stopped after ${MAX_TRANSITIONS} transitions (a long stretch of late wake-ups): call again${step.event === null ? "" : " with the event, which was not applied"}; wakeAt is due` });
  /** Keys of the runs this input ended (a goal or an exit rule): the same event does not enter them again at once. */
  let endedNow: Set<string | null> | null = null;
  if (caughtUp) {
    const going: RunDraft[] = [];
    for (const run of runs) {
      if (step.event !== null && exitRuleHolds(step, run, false)) {
        (endedNow ??= new Set()).add(run.key);
        end(run, now, "exit-rule", run.node);
        continue;
      }
      if (step.event !== null && journey.goal !== null && now - run.enteredAt <= journey.goal.windowMs && matches(step, journey.goal, run)) {
        step.actions.push({ type: "converted", journey: journey.id, entry: run.entry, at: now, enteredAt: run.enteredAt, credit: run.lastMessage });
        (endedNow ??= new Set()).add(run.key);
        end(run, now, "goal", run.node);
        continue;
      }
      const node = journey.nodes.get(run.node);
      // A condition is checked on inputs after the run arrived (on arrival, advance checks it): a call
      // made again at that instant — a retry — finds the run where it was.
      const because = node?.type === "waitFor" && (node.event !== null || now > run.since) ? waitEnded(step, node, run, now) : null;
      const next = node?.type === "waitFor" && because !== null ? (step.actions.push({ type: "branched", journey: journey.id, entry: run.entry, node: node.id, at: now, to: node.next, because }), advance(step, run, node.next, now, false, end)) : run;
      if (next !== null) going.push(next);
    }
    runs = going;
    const entering = entryNow(step, runs, entries, lastExitAt, current, endedNow);
    if (entering !== null) {
      entries++;
      const draft: RunDraft = { entry: entries, key: entering.key, enteredAt: now, node: journey.start, since: now, wakeAt: now, sent: counters({}), lastMessage: null };
      step.actions.push({ type: "entered", journey: journey.id, entry: entries, at: now, key: entering.key, because: entering.because });
      const run = advance(step, draft, journey.start, now, false, end);
      if (run !== null) runs.push(run);
    }
  }

  const kept = now === current.clock ? current.seen : [];
  const seen = step.event?.id == null || !caughtUp ? [...kept] : [...kept, step.event.id].slice(-MAX_SEEN_IDS);
  // Membership is what the entry saw: a call that did not get that far keeps the previous one (the entry is still to come).
  const inEntrySegment = journey.entry.kind !== "segment" ? undefined : caughtUp ? step.isMember(journey.entry.segment) : current.inEntrySegment;
  const next: JourneyState = {
    version: JOURNEY_STATE_VERSION,
    journey: journey.id,
    entries,
    lastExitAt,
    clock: now,
    seen,
    runs: runs.map((run) => ({ ...run, sent: { ...run.sent } }) satisfies JourneyRun),
  };
  // Only a segment entry's state has it (added after, so that every other state keeps one shape).
  if (inEntrySegment !== undefined) (next as { inEntrySegment?: boolean }).inEntrySegment = inEntrySegment;
  return { state: next, actions: step.actions, wakeAt: wakeOf(step, runs, entries, lastExitAt) };
}

/** In no segment: what a step reads without the input's `segments`. */
const IN_NO_SEGMENT = (): boolean => false;

/** A test of segment membership from the input's `segments` (a list, or a test that must not throw); none without it. */
function membership(segments: JourneyStepInput["segments"]): (segment: string) => boolean {
  if (typeof segments === "function") return (segment) => segments(segment) === true;
  if (Array.isArray(segments)) return (segment) => segments.includes(segment);
  return IN_NO_SEGMENT;
}

/** The earliest wake-up of the runs; with none going, when a scheduled entry next occurs (if the user may still enter). */
function wakeOf(step: Step, runs: readonly { readonly wakeAt: number }[], entries: number, lastExitAt: number | null): number | null {
  let wakeAt: number | null = null;
  for (const run of runs) if (wakeAt === null || run.wakeAt < wakeAt) wakeAt = run.wakeAt;
  const entry = step.journey.entry;
  if (runs.length > 0 || entry.kind !== "scheduled" || (entries > 0 && step.journey.reentry.policy === "never")) return wakeAt;
  const upcoming = nextOccurrence(step, entry, step.now);
  if (upcoming === null) return null;
  const cooldown = step.journey.reentry.policy === "cooldown" && lastExitAt !== null ? lastExitAt + step.journey.reentry.cooldownMs : null;
  if (cooldown === null || cooldown <= step.now) return upcoming;
  // In a cooldown: the first occurrence after the exit whose window reaches past the cooldown's end (it may have come already), entered at that end at the earliest.
  const candidate = nextOccurrence(step, entry, Math.max(cooldown - entry.windowMs, lastExitAt as number));
  return candidate === null ? null : Math.max(candidate, cooldown);
}

const DAY = 86_400_000;

/** A scheduled entry's occurrence: its instant (once), in the user's zone when it is a wall time. */
function onceAt(step: Step, entry: ScheduledEntry): number {
  return entry.at ?? step.zones.instantOf(entry.wall as number, userZone(step));
}

/** The first occurrence after `from`, or null (a single one that has passed, or beyond the Date range). */
function nextOccurrence(step: Step, entry: ScheduledEntry, from: number): number | null {
  if (entry.every === null) {
    const at = onceAt(step, entry);
    return at > from ? at : null;
  }
  const at = nextLocalTime(Math.max(from, -MAX_EPOCH_MS + 8 * DAY), entry.every.minuteOfDay, entry.every.weekdays, userZone(step), step.zones);
  return at <= MAX_EPOCH_MS ? at : null;
}

/** The latest occurrence at or before now, or null. */
function latestOccurrence(step: Step, entry: ScheduledEntry): number | null {
  if (entry.every === null) {
    const at = onceAt(step, entry);
    return at <= step.now ? at : null;
  }
  // Some occurrence falls in any eight days: walk forward from eight days back (at most eight steps).
  let latest: number | null = null;
  for (let at = nextOccurrence(step, entry, step.now - 8 * DAY); at !== null && at <= step.now; at = nextOccurrence(step, entry, at)) latest = at;
  return latest;
}

/** Whether this input enters the user (a new run), with its key and what entered them; null when it does not. */
function entryNow(step: Step, runs: readonly RunDraft[], entries: number, lastExitAt: number | null, current: JourneyState, endedNow: ReadonlySet<string | null> | null): { key: string | null; because: string } | null {
  const journey = step.journey;
  const entry = journey.entry;
  let because: string;
  let key: string | null = null;
  switch (entry.kind) {
    case "event":
      if (!matches(step, entry, null)) return null;
      because = `${entry.event} came`;
      break;
    case "segment":
      // Coming into the segment: not in it at the journey's previous input (or no previous input).
      if (current.inEntrySegment === true || !step.isMember(entry.segment)) return null;
      because = `came into segment ${entry.segment}`;
      break;
    case "scheduled": {
      const at = latestOccurrence(step, entry);
      // An occurrence within its window, after the latest exit (one during a run, or before it, is not an entry).
      if (at === null || step.now - at >= entry.windowMs || (lastExitAt !== null && at <= lastExitAt)) return null;
      because = `scheduled for ${new Date(at).toISOString()}`;
      break;
    }
  }
  const reentry = journey.reentry;
  if (reentry.policy === "concurrent") {
    let value: unknown = { event: step.event === null ? null : { name: step.event.name, id: step.event.id, time: step.now, properties: step.event.properties } };
    for (const part of reentry.key) value = field(value, part);
    key = idText(value);
    if (key === null) {
      step.actions.push({ type: "not-entered", journey: journey.id, at: step.now, reason: "no-key", key: null });
      return null;
    }
    if (endedNow?.has(key) === true || runs.some((run) => run.key === key)) return null;
  } else {
    if (runs.length > 0 || endedNow !== null) return null;
    if (entries > 0 && reentry.policy === "never") return null;
    if (reentry.policy === "cooldown" && lastExitAt !== null && step.now - lastExitAt < reentry.cooldownMs) return null;
  }
  if (!holds(journey.audience, ruleData(step, null, step.now))) return null;
  if (exitRuleHolds(step, null, true) || exitRuleHolds(step, null, false)) return null;
  if (reentry.policy === "concurrent" && runs.length >= reentry.max) {
    step.actions.push({ type: "not-entered", journey: journey.id, at: step.now, reason: "max-runs", key });
    return null;
  }
  return { key, because };
}

/** A copy of message counters by node id (read them with `sentBy`: a node may be named `toString`). */
const counters = (from: Readonly<Record<string, number>>): Record<string, number> => ({ ...from });

/** Messages a node sent in the run: its own count only, never an inherited member. */
const sentBy = (run: RunDraft, node: string): number => (Object.hasOwn(run.sent, node) ? (run.sent[node] as number) : 0);

function readEvent(value: unknown): Step["event"] {
  if (!isPlainObject(value)) return null;
  const name = field(value, "name");
  const id = field(value, "id");
  const properties = field(value, "properties");
  if (typeof name !== "string" || name.length === 0) return null;
  if (id !== undefined && id !== null && !(typeof id === "string" && id.length > 0 && id.length <= 1024)) return null;
  if (properties !== undefined && !isPlainObject(properties)) return null;
  return { name, id: typeof id === "string" ? id : null, properties: properties ?? {} };
}

/** What the journey's rules read. */
function ruleData(step: Step, run: RunDraft | null, at: number): unknown {
  return {
    event: step.event === null ? null : { name: step.event.name, properties: step.event.properties, time: step.now },
    user: step.user,
    now: at,
    journey: run === null ? { id: step.journey.id, entry: null, enteredAt: null, key: null } : { id: step.journey.id, entry: run.entry, enteredAt: run.enteredAt, key: run.key },
  };
}

/** The user's zone when the provider knows it, else the step's fallback (local times are read in it). */
const userZone = (step: Step): string => readTimeZone(step.user, step.zones) ?? step.fallbackZone;

const holds = (rule: CompiledRule | null, data: unknown): boolean => rule === null || truthy(rule(data));

/**
 * A bandit split's shares per path (in path order, summing to 1) from the input's `splitShares`, or
 * null to go by weight: none given, or unusable (said in a problem action).
 */
function sharesFor(step: Step, node: Extract<CompiledNode, { type: "split" }>, at: number): number[] | null {
  const given = step.splitShares === undefined ? undefined : field(step.splitShares, node.id);
  if (given === undefined) return null;
  const shares = isPlainObject(given) ? node.paths.map((path) => field(given, path.id) ?? 0) : [];
  const total = shares.reduce<number>((sum, share) => sum + (typeof share === "number" ? share : Number.NaN), 0);
  if (shares.length === 0 || !shares.every((share) => typeof share === "number" && share >= 0) || !(total > 0 && Number.isFinite(total))) {
    step.actions.push({ type: "problem", journey: step.journey.id, at, message: `splitShares.${node.id} must map path ids to shares (finite, ≥ 0, not all 0): split by weight` });
    return null;
  }
  return (shares as number[]).map((share) => share / total);
}

/** What a wait waits for, in words: the event's name, "segment <id>", or "its condition". */
export function waitsFor(node: Extract<CompiledNode, { type: "waitFor" }>): string {
  return node.event?.event ?? (node.segment === null ? "its condition" : `segment ${node.segment}`);
}

/** Why a wait ends at `at` (its event came, its condition holds), or null while it goes on. */
function waitEnded(step: Step, node: Extract<CompiledNode, { type: "waitFor" }>, run: RunDraft, at: number): string | null {
  if (node.event !== null) return matches(step, node.event, run) ? `${node.event.event} came` : null;
  if (node.segment !== null) return step.isMember(node.segment) ? `in segment ${node.segment}` : null;
  return holds(node.condition, ruleData(step, run, at)) ? "its condition held" : null;
}

/** The instant at a path of `{ user, event, journey }` (epoch ms or ISO 8601), own properties only; null when there is none. */
function instantAtPath(step: Step, run: RunDraft, path: readonly string[]): number | null {
  let value: unknown = ruleData(step, run, step.now);
  for (const key of path) value = field(value, key);
  return toEpochMilliseconds(value) ?? null;
}

function matches(step: Step, condition: EventCondition, run: RunDraft | null): boolean {
  return step.event !== null && step.event.name === condition.event && holds(condition.where, ruleData(step, run, step.now));
}

/** Whether an exit rule holds: those without an event (`standing`), or those for this input's event. */
function exitRuleHolds(step: Step, run: RunDraft | null, standing: boolean): boolean {
  for (const rule of step.journey.exits) {
    if ((rule.event === null) !== standing) continue;
    if (rule.event !== null && step.event?.name !== rule.event) continue;
    if (holds(rule.where, ruleData(step, run, step.now))) return true;
  }
  return false;
}

/** The run's delay ends or its wait times out, at `run.wakeAt`. */
function wake(step: Step, run: RunDraft, end: (run: RunDraft, at: number, reason: JourneyExitReason, node: string | null) => null): RunDraft | null {
  const node = step.journey.nodes.get(run.node);
  const at = run.wakeAt;
  const late = step.now - at > step.journey.lateWake.toleranceMs;
  step.transitions++;
  // Parked by the transition budget before entering its node (a wait always ends after it began): enter it now.
  if (run.wakeAt === run.since && node !== undefined) return advance(step, run, node.id, at, late, end);
  if (node?.type === "delay") return advance(step, run, node.next, at, late, end);
  if (node?.type === "waitFor") {
    step.actions.push({ type: "branched", journey: step.journey.id, entry: run.entry, node: node.id, at, to: node.onTimeout, because: "timed out" });
    return advance(step, run, node.onTimeout, at, late, end);
  }
  // A node that does not wait: the transition budget ran out there last call; go on from it.
  if (node !== undefined) return advance(step, run, node.id, at, late, end);
  // Unreachable: journeyStep lets a run whose node is gone out before waking it.
  return end(run, at, "node-removed", run.node);
}

/** A wait that would end after the last instant a Date can hold never ends: the run leaves instead (said, not dropped). */
function beyondTimeRange(step: Step, run: RunDraft, node: string, at: number, end: (run: RunDraft, at: number, reason: JourneyExitReason, node: string | null) => null): null {
  step.actions.push({ type: "problem", journey: step.journey.id, at, message: `the wait at ${JSON.stringify(node)} would end after the last instant a Date can hold (+275760-09-13): the run leaves` });
  return end(run, at, "beyond-time-range", node);
}

/** Goes from `to` at `at` through the nodes that do not wait, to the next delay or wait, or the end. */
function advance(step: Step, run: RunDraft, to: string, at: number, late: boolean, end: (run: RunDraft, at: number, reason: JourneyExitReason, node: string | null) => null): RunDraft | null {
  const journey = step.journey;
  let id = to;
  while (step.transitions++ < MAX_TRANSITIONS) {
    const node = journey.nodes.get(id) as CompiledNode | undefined;
    if (node === undefined) return end(run, at, "exit-node", id);
    switch (node.type) {
      case "message": {
        const iteration = sentBy(run, node.id);
        const key = JSON.stringify([journey.id, run.entry, node.id, iteration]);
        run.sent[node.id] = iteration + 1;
        if (late && journey.lateWake.policy === "exit") return end(run, at, "late", node.id);
        const skip = late && (journey.lateWake.policy === "skip" || step.lateSent?.has(node.id) === true);
        if (late && !skip) (step.lateSent ??= new Set()).add(node.id);
        if (skip) step.actions.push({ type: "skipped", key, journey: journey.id, entry: run.entry, node: node.id, dueAt: at, reason: "late" });
        else {
          step.actions.push({ type: "message", key, journey: journey.id, entry: run.entry, node: node.id, iteration, dueAt: at, late, content: JSON.parse(JSON.stringify(node.content)) as Record<string, unknown>, channels: node.channels === null ? null : [...node.channels], category: node.category });
          run.lastMessage = key;
        }
        if (node.next === null) return end(run, at, "completed", node.id);
        id = node.next;
        break;
      }
      case "branch": {
        const data = ruleData(step, run, at);
        const index = node.branches.findIndex((branch) => truthy(branch.when(data)));
        id = index < 0 ? node.else : (node.branches[index] as { next: string }).next;
        step.actions.push({ type: "branched", journey: journey.id, entry: run.entry, node: node.id, at, to: id, because: index < 0 ? "no condition held (else)" : `condition ${index} held` });
        break;
      }
      case "split": {
        const userId = field(step.user, "id");
        const unit = typeof userId === "string" && userId.length > 0 ? userId : typeof userId === "number" && Number.isFinite(userId) ? String(userId) : null;
        let path = node.paths[0] as { id: string; end: number; next: string };
        let weighed = "";
        if (unit === null) step.actions.push({ type: "problem", journey: journey.id, at, message: `user.id is missing: split ${JSON.stringify(node.id)} took its first path` });
        else {
          const hash = hashUnit(`journey:${journey.id}:${node.id}`, node.sticky ? unit : `${unit}:${run.entry}`).value;
          const shares = node.bandit ? sharesFor(step, node, at) : null;
          if (shares !== null) {
            // The same point in [0, 1) against the shares' running totals: a user moves only when a boundary passes their point.
            const point = hash / 4_294_967_296;
            let total = 0;
            const last = shares.reduce((found, share, index) => (share > 0 ? index : found), 0);
            path = node.paths.find((_, index) => point < (total += shares[index] as number)) ?? (node.paths[last] as typeof path);
            weighed = " (by the shares given)";
          } else {
            // value < 2^32 and total ≤ 200,000: the product is exact.
            const point = Math.floor((hash * node.total) / 4_294_967_296);
            path = node.paths.find((candidate) => point < candidate.end) ?? path;
          }
        }
        step.actions.push({ type: "branched", journey: journey.id, entry: run.entry, node: node.id, at, to: path.next, because: `split path ${path.id}${weighed}` });
        id = path.next;
        break;
      }
      case "delay": {
        let wakeAt: number;
        if (node.at !== null) {
          const instant = instantAtPath(step, run, node.at.path);
          if (instant === null) {
            const where = node.at.path.join(".");
            step.actions.push({ type: "problem", journey: journey.id, at, message: `${where} holds no instant (epoch ms or ISO 8601): ${node.at.otherwise === null ? "the run leaves" : `on to ${JSON.stringify(node.at.otherwise)}`}` });
            if (node.at.otherwise === null) return end(run, at, "no-time", node.id);
            id = node.at.otherwise;
            break;
          }
          wakeAt = Math.ceil(instant) + node.at.offsetMs;
          // Already past: no wait — once per call (reached again, the same instant would spin the loop: the run leaves).
          if (wakeAt <= at) {
            if (step.passedOnArrival?.has(node.id) === true) {
              step.actions.push({ type: "problem", journey: journey.id, at, message: `the time at ${node.at.path.join(".")} has passed, and the run came back to ${JSON.stringify(node.id)}: a loop through a past instant would not wait, so the run leaves` });
              return end(run, at, "no-time", node.id);
            }
            (step.passedOnArrival ??= new Set()).add(node.id);
            step.actions.push({ type: "branched", journey: journey.id, entry: run.entry, node: node.id, at, to: node.next, because: `the time at ${node.at.path.join(".")} has passed` });
            id = node.next;
            break;
          }
        } else wakeAt = node.forMs !== null ? at + node.forMs : nextLocalTime(at, (node.until as { minuteOfDay: number }).minuteOfDay, node.until?.weekdays ?? null, userZone(step), step.zones);
        if (!(wakeAt <= MAX_EPOCH_MS)) return beyondTimeRange(step, run, node.id, at, end);
        run.node = node.id;
        run.since = at;
        run.wakeAt = wakeAt;
        step.actions.push({ type: "waiting", journey: journey.id, entry: run.entry, node: node.id, since: at, until: run.wakeAt, for: "delay" });
        return run;
      }
      case "waitFor": {
        // A condition that holds on arrival ends the wait at once (once per node and call: then it waits for the next input).
        const heldOnArrival = node.event === null && step.passedOnArrival?.has(node.id) !== true ? waitEnded(step, node, run, at) : null;
        if (heldOnArrival !== null) {
          (step.passedOnArrival ??= new Set()).add(node.id);
          step.actions.push({ type: "branched", journey: journey.id, entry: run.entry, node: node.id, at, to: node.next, because: heldOnArrival });
          id = node.next;
          break;
        }
        if (!(at + node.timeoutMs <= MAX_EPOCH_MS)) return beyondTimeRange(step, run, node.id, at, end);
        run.node = node.id;
        run.since = at;
        run.wakeAt = at + node.timeoutMs;
        step.actions.push({ type: "waiting", journey: journey.id, entry: run.entry, node: node.id, since: at, until: run.wakeAt, for: waitsFor(node) });
        return run;
      }
      case "exit":
        return end(run, at, "exit-node", node.id);
    }
  }
  // The transition budget ran out (a long stretch of late wake-ups): stay here, due now.
  run.node = id;
  run.since = at;
  run.wakeAt = at;
  return run;
}
