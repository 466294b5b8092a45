import type { Engine } from "../engine/engine.js";
import type { Decision, DecideResult } from "../engine/engine-types.js";
import { applyRecords, type FullEngineHistory } from "../engine/records/apply-records.js";
import type { BehaviourAggregates } from "../segments/aggregates/behaviour-aggregates.js";
import { foldCompiledEventsWithReport } from "../segments/aggregates/fold-compiled-events.js";
import type { DecisionPosition } from "./decision-order.js";
import type { ReplayEvent } from "./replay-input.js";
import { UserReach, type ReplaySummary } from "./replay-summary.js";
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
  /** Called with each decision (e.g. to write decisions.jsonl), and where it stands in the replay's decisions. */
  readonly onDecision?: (userId: string, at: number, decision: Decision, position: DecisionPosition) => void;
  /**
   * Called with every result of `decide` and `due` (its decisions, suppressions and records, the
   * exposures included) with the instant of the call: e.g.
   * `outcomesOfResult(userId, result)` from nudgekit/metrics gives the `sent` and `exposure` events
   * to fold. For one user, results come in the order of the calls; across users, in the replay's order
   * (time order in memory, user by user for a log sorted on disk).
   */
  readonly onResult?: (userId: string, at: number, result: DecideResult, entry: ReplayEvent | null) => void;
  /** Called when the engine throws on an event (that event is then skipped) or on a due check (dropped). */
  readonly onEngineError?: (error: ReplayEngineError) => void;
}

/** What every user's replay of one run shares: the engine, the dedupe rule, the summary, the callbacks. */
export class ReplayContext {
  readonly dedupe: { readonly windowMs: number; readonly maxIds: number };

  constructor(
    readonly engine: Engine,
    readonly summary: ReplaySummary,
    readonly options: ReplayRunOptions,
  ) {
    const policy = engine.behaviour;
    this.dedupe = policy === null ? DEFAULT_DEDUPE : { windowMs: policy.dedupeWindowMs, maxIds: policy.maxIds };
  }
}

/**
 * One user's replay: their profile, behaviour aggregates, history, app sessions and recent event
 * ids, and the engine calls for their events and due checks. A user's replay depends on nothing but
 * their own events and the instants of their due checks (the engine is stateless), which is what
 * lets a log be replayed one user at a time. The caller schedules the due checks (`nextCheck`).
 */
export class UserReplay {
  readonly reach = new UserReach();
  #behaviour: BehaviourAggregates | null = null;
  #history: FullEngineHistory = applyRecords(undefined, []);
  #lastEventAt = Number.NEGATIVE_INFINITY;
  #sessions = 0;
  #seenIds: SeenEventIds | null = null;
  /** The latest event given (decided or not): a due check at its instant follows it in the decisions. */
  #latestTime = Number.NEGATIVE_INFINITY;
  #latestLine = 0;

  /**
   * @param since - the user's earliest event (its time and line): users due at the same instant are checked in this order.
   */
  constructor(
    readonly context: ReplayContext,
    readonly id: string,
    readonly profile: Readonly<Record<string, unknown>>,
    since: ReplayEvent,
  ) {
    this.since = since.time;
    this.sinceLine = since.line ?? 0;
  }

  readonly since: number;
  readonly sinceLine: number;

  /**
   * Decides one event of this user (the caller ran the due checks before it). A redelivered event
   * (an id this user already sent, within the dedupe window) is skipped; an event the engine throws on
   * leaves no trace. When decided, `nextCheck` is when to ask `due` next (null: never by time alone).
   */
  event(entry: ReplayEvent): { outcome: "decided"; nextCheck: number | null } | { outcome: "duplicate" | "engine-error" } {
    const { summary, engine, dedupe, options } = this.context;
    this.#latestTime = entry.time;
    this.#latestLine = entry.line ?? 0;
    const id = entry.event.id === undefined ? undefined : String(entry.event.id);
    if (id !== undefined && this.#seenIds?.has(id) === true) return this.#duplicate();
    const sessions = entry.event.name === "app_open" || entry.time - this.#lastEventAt > SESSION_GAP_MS ? this.#sessions + 1 : this.#sessions;
    const policy = engine.behaviour;
    let result: DecideResult;
    let behaviour: BehaviourAggregates | null;
    let history: FullEngineHistory;
    let nextCheck: number | null;
    try {
      // Nothing is kept until every call succeeded: an event the engine throws on leaves no trace.
      if (policy === null) behaviour = this.#behaviour;
      else {
        const folded = foldCompiledEventsWithReport(this.#behaviour, [entry.event], policy);
        // The aggregates' own duplicate (an id they still remember): neither counted nor decided.
        if (folded.duplicates > 0) return this.#duplicate();
        behaviour = folded.aggregates;
      }
      const user = this.#userAt(entry.time, behaviour, entry.time, sessions);
      result = engine.decide({ event: entry.event, user, history: this.#history, now: entry.time });
      history = applyRecords(this.#history, result.records);
      // The event may make something due now (a segment entered): then `due` runs at once.
      nextCheck = engine.nextCheckAt(user, entry.time, history);
    } catch (error) {
      summary.engineErrors++;
      options.onEngineError?.({ call: "decide", userId: this.id, at: entry.time, ...(entry.line === undefined ? {} : { line: entry.line }), message: messageOf(error) });
      return { outcome: "engine-error" };
    }
    if (id !== undefined || this.#seenIds !== null) {
      this.#seenIds ??= new SeenEventIds(dedupe.windowMs, dedupe.maxIds);
      this.#seenIds.record(id, entry.time);
    }
    this.#behaviour = behaviour;
    this.#sessions = sessions;
    this.#lastEventAt = entry.time;
    this.#commit(entry.time, this.#latestLine, result, history, false, entry);
    summary.decideCalls++;
    summary.events++;
    // A check due before the event is due at it: the user's history is already at the event's time.
    return { outcome: "decided", nextCheck: nextCheck === null ? null : Math.max(nextCheck, entry.time) };
  }

  #duplicate(): { outcome: "duplicate" } {
    this.context.summary.duplicates++;
    return { outcome: "duplicate" };
  }

  /** Asks `due` at `now`; returns when to ask next (null: never by time alone, or the engine threw: the user's next event schedules anew). */
  due(now: number): number | null {
    const { summary, engine, options } = this.context;
    let result: DecideResult;
    let history: FullEngineHistory;
    let nextCheck: number | null;
    try {
      const user = this.#userAt(now, this.#behaviour, this.#lastEventAt, this.#sessions);
      // One pass when due records nothing (the history stays as it is); else ask again after its records.
      const input = { user, history: this.#history, now };
      // An object with the engine's public methods (a wrapper) answers through them.
      const checked = typeof engine.dueWithNextCheck === "function" ? engine.dueWithNextCheck(input) : { result: engine.due(input), nextCheck: undefined };
      result = checked.result;
      history = applyRecords(this.#history, result.records);
      nextCheck = checked.nextCheck === undefined ? engine.nextCheckAt(user, now, history) : checked.nextCheck;
    } catch (error) {
      // Not rescheduled: the same check would throw again.
      summary.engineErrors++;
      options.onEngineError?.({ call: "due", userId: this.id, at: now, message: messageOf(error) });
      return null;
    }
    summary.dueCalls++;
    this.#commit(now, now === this.#latestTime ? this.#latestLine : 0, result, history, true);
    if (nextCheck !== null && nextCheck <= now) {
      // `due` just ran at `now` with its records applied: another check at or before it would run
      // for ever (a bug in the engine). Reported, not rescheduled: the user's next event schedules anew.
      summary.engineErrors++;
      options.onEngineError?.({ call: "due", userId: this.id, at: now, message: `nextCheckAt returned ${nextCheck}, not after the due check at ${now} that applied its records: not rescheduled` });
      return null;
    }
    return nextCheck;
  }

  #commit(now: number, cause: number, result: DecideResult, history: FullEngineHistory, fromDue: boolean, entry: ReplayEvent | null = null): void {
    this.context.summary.add(result, this.reach, fromDue);
    this.context.options.onResult?.(this.id, now, result, entry);
    const onDecision = this.context.options.onDecision;
    if (onDecision !== undefined && result.decisions.length > 0) {
      const position: DecisionPosition = { at: now, cause, userSince: this.since, userSinceLine: this.sinceLine, userId: this.id };
      for (const decision of result.decisions) onDecision(this.id, now, decision, position);
    }
    this.#history = history;
  }

  /** The user as the engine sees them at `now`: the profile, their aggregates and their app session. */
  #userAt(now: number, behaviour: BehaviourAggregates | null, lastEventAt: number, sessions: number): Record<string, unknown> {
    const platform = this.profile.platform;
    return {
      ...this.profile,
      id: this.id,
      behaviour,
      session: { active: now - lastEventAt <= SESSION_GAP_MS, id: `${this.id}#${sessions}`, ...(typeof platform === "string" ? { platform } : {}) },
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
