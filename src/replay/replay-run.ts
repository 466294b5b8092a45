import type { Engine } from "../engine/engine.js";
import type { Decision, DecideResult } from "../engine/engine-types.js";
import { applyRecords, type FullEngineHistory } from "../engine/records/apply-records.js";
import type { BehaviourAggregates } from "../segments/aggregates/behaviour-aggregates.js";
import { foldCompiledEvents } from "../segments/aggregates/fold-compiled-events.js";
import { DueQueue } from "./due-queue.js";
import type { ReplayEvent } from "./replay-input.js";
import { ReplaySummary } from "./replay-summary.js";
import { SeenEventIds } from "./seen-event-ids.js";

/** A session ends after this long without an event (the usual analytics default). */
const SESSION_GAP_MS = 30 * 60_000;
/** Redeliveries are recognised with the aggregates' defaults when the config tracks no behaviour. */
const DEFAULT_DEDUPE = { windowMs: 7 * 86_400_000, maxIds: 1_000 };

/** A call the engine threw on (a bug: a valid engine never throws): reported, and the replay goes on. */
export interface ReplayEngineError {
  readonly call: "decide" | "due";
  readonly userId: string;
  /** The instant of the call (epoch ms). */
  readonly at: number;
  /** The event's line, for `decide`. */
  readonly line?: number;
  readonly message: string;
}

/** What the replay did with one event. */
export type ReplayOutcome = "decided" | "duplicate" | "engine-error";

export interface ReplayRunOptions {
  /** Called with each decision (e.g. to write decisions.jsonl). */
  readonly onDecision?: (userId: string, at: number, decision: Decision) => void;
  /** Called when the engine throws on an event (that event is then skipped) or on a due check (dropped). */
  readonly onEngineError?: (error: ReplayEngineError) => void;
}

interface UserState {
  readonly id: string;
  readonly profile: Readonly<Record<string, unknown>>;
  behaviour: BehaviourAggregates | null;
  history: FullEngineHistory;
  lastEventAt: number;
  sessions: number;
  seenIds: SeenEventIds | null;
}

/**
 * One replay, fed events one at a time in time order (what `replayEvents` runs on a sorted list,
 * and what `nudgekit replay` runs on a log streamed from disk). It holds each user's state (profile,
 * behaviour aggregates, history, the ids of their recent events) and the queue of `due` checks: it
 * grows with the number of users, not with the number of events. Pure: no I/O.
 */
export class ReplayRun {
  readonly summary = new ReplaySummary();
  readonly #engine: Engine;
  readonly #profiles: (userId: string) => Readonly<Record<string, unknown>> | undefined;
  readonly #options: ReplayRunOptions;
  readonly #states = new Map<string, UserState>();
  readonly #queue = new DueQueue();
  readonly #dedupe: { readonly windowMs: number; readonly maxIds: number };
  #finished = false;

  constructor(engine: Engine, profiles: (userId: string) => Readonly<Record<string, unknown>> | undefined, options: ReplayRunOptions = {}) {
    this.#engine = engine;
    this.#profiles = profiles;
    this.#options = options;
    const policy = engine.behaviour;
    this.#dedupe = policy === null ? DEFAULT_DEDUPE : { windowMs: policy.dedupeWindowMs, maxIds: policy.maxIds };
  }

  /**
   * Replays one event: first every `due` check that falls before it, then folds it into the user's
   * aggregates and decides. An event whose id this user already sent (within the dedupe window) is
   * skipped. Events must come in time order.
   */
  add(entry: ReplayEvent): ReplayOutcome {
    if (this.#finished) throw new Error("this replay is finished");
    const summary = this.summary;
    if (summary.lastTime !== null && entry.time < summary.lastTime) throw new RangeError(`events must come in time order: ${entry.time} after ${summary.lastTime}`);
    this.#dueUntil(entry.time);
    summary.firstTime ??= entry.time;
    summary.lastTime = entry.time;
    const state = this.#stateOf(entry.userId);
    const id = entry.event.id;
    if (id !== undefined) {
      state.seenIds ??= new SeenEventIds(this.#dedupe.windowMs, this.#dedupe.maxIds);
      if (state.seenIds.seenOrRemember(String(id), entry.time)) {
        summary.duplicates++;
        return "duplicate";
      }
    }
    const sessions = entry.event.name === "app_open" || entry.time - state.lastEventAt > SESSION_GAP_MS ? state.sessions + 1 : state.sessions;
    const engine = this.#engine;
    const policy = engine.behaviour;
    let result: DecideResult;
    let behaviour: BehaviourAggregates | null;
    let history: FullEngineHistory;
    let nextCheck: number | null;
    try {
      // Nothing is kept until every call succeeded: an event the engine throws on leaves no trace.
      behaviour = policy === null ? state.behaviour : foldCompiledEvents(state.behaviour, [entry.event], policy);
      const user = userAt(state, entry.time, behaviour, entry.time, sessions);
      result = engine.decide({ event: entry.event, user, history: state.history, now: entry.time });
      history = applyRecords(state.history, result.records);
      // The event may make something due now (a segment entered): then the queue runs due at once.
      nextCheck = engine.nextCheckAt(user, entry.time, history);
    } catch (error) {
      summary.engineErrors++;
      this.#options.onEngineError?.({ call: "decide", userId: state.id, at: entry.time, ...(entry.line === undefined ? {} : { line: entry.line }), message: messageOf(error) });
      return "engine-error";
    }
    state.behaviour = behaviour;
    state.sessions = sessions;
    state.lastEventAt = entry.time;
    this.#commit(state, entry.time, result, history, false);
    this.#queue.schedule(state.id, nextCheck);
    summary.decideCalls++;
    summary.events++;
    return "decided";
  }

  /** Runs the `due` checks up to the last event's time, and returns the summary. */
  finish(): ReplaySummary {
    if (!this.#finished) {
      if (this.summary.lastTime !== null) this.#dueUntil(this.summary.lastTime);
      this.summary.users = this.#states.size;
      this.#finished = true;
    }
    return this.summary;
  }

  #stateOf(id: string): UserState {
    let state = this.#states.get(id);
    if (state === undefined) {
      state = { id, profile: this.#profiles(id) ?? { id }, behaviour: null, history: applyRecords(undefined, []), lastEventAt: -Infinity, sessions: 0, seenIds: null };
      this.#states.set(id, state);
    }
    return state;
  }

  #commit(state: UserState, now: number, result: DecideResult, history: FullEngineHistory, fromDue: boolean): void {
    this.summary.add(state.id, result, fromDue);
    for (const decision of result.decisions) this.#options.onDecision?.(state.id, now, decision);
    state.history = history;
  }

  #dueUntil(until: number): void {
    const queue = this.#queue;
    for (let next = queue.popUntil(until); next !== null; next = queue.popUntil(until)) {
      const state = this.#stateOf(next.user);
      const now = next.at;
      let result: DecideResult;
      let history: FullEngineHistory;
      let nextCheck: number | null;
      try {
        const user = userAt(state, now, state.behaviour, state.lastEventAt, state.sessions);
        result = this.#engine.due({ user, history: state.history, now });
        history = applyRecords(state.history, result.records);
        nextCheck = this.#engine.nextCheckAt(user, now, history);
      } catch (error) {
        // Not rescheduled: the same check would throw again. The user's next event schedules anew.
        this.summary.engineErrors++;
        this.#options.onEngineError?.({ call: "due", userId: state.id, at: now, message: messageOf(error) });
        continue;
      }
      this.summary.dueCalls++;
      this.#commit(state, now, result, history, true);
      queue.schedule(state.id, nextCheck);
    }
  }
}

/** The user as the engine sees them at `now`: the profile, their aggregates and their app session. */
function userAt(state: UserState, now: number, behaviour: BehaviourAggregates | null, lastEventAt: number, sessions: number): Record<string, unknown> {
  const platform = state.profile.platform;
  return {
    ...state.profile,
    id: state.id,
    behaviour,
    session: { active: now - lastEventAt <= SESSION_GAP_MS, id: `${state.id}#${sessions}`, ...(typeof platform === "string" ? { platform } : {}) },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
