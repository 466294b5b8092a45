import type { Engine } from "../../engine/engine.js";
import type { Decision, DecideResult } from "../../engine/engine-types.js";
import { applyRecords, type FullEngineHistory } from "../../engine/records/apply-records.js";
import type { BehaviourAggregates } from "../../segments/aggregates/behaviour-aggregates.js";
import { foldEvents } from "../../segments/aggregates/fold-events.js";
import { DueQueue } from "./due-queue.js";
import type { ReplayEvent } from "./replay-input.js";
import { ReplaySummary } from "./replay-summary.js";

/** A session ends after this long without an event (the usual analytics default). */
const SESSION_GAP_MS = 30 * 60_000;

interface UserState {
  readonly id: string;
  readonly profile: Readonly<Record<string, unknown>>;
  behaviour: BehaviourAggregates | null;
  history: FullEngineHistory;
  lastEventAt: number;
  sessions: number;
}

export interface ReplayOptions {
  /** Called with each decision (e.g. to write decisions.jsonl). */
  readonly onDecision?: (userId: string, at: number, decision: Decision) => void;
  /** Called every `progressEvery` events. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
}

/**
 * Replays an event log through an engine as a service would run it: events in time order, each
 * user's behaviour aggregates folded and history (deliveries, exposures, delayed triggers) kept from
 * the engine's records, and `engine.due` asked whenever `engine.nextCheckAt` says so. Pure: no I/O.
 */
export function replayEvents(engine: Engine, events: readonly ReplayEvent[], profiles: ReadonlyMap<string, Readonly<Record<string, unknown>>>, options: ReplayOptions = {}): ReplaySummary {
  const summary = new ReplaySummary();
  const ordered = [...events].sort((a, b) => a.time - b.time || a.line - b.line);
  const states = new Map<string, UserState>();
  const queue = new DueQueue();
  const policy = engine.behaviour;
  const progressEvery = options.progressEvery ?? 25_000;

  const stateOf = (id: string): UserState => {
    let state = states.get(id);
    if (state === undefined) {
      state = { id, profile: profiles.get(id) ?? { id }, behaviour: null, history: applyRecords(undefined, []), lastEventAt: -Infinity, sessions: 0 };
      states.set(id, state);
    }
    return state;
  };
  const userAt = (state: UserState, now: number): Record<string, unknown> => {
    const platform = state.profile.platform;
    return {
      ...state.profile,
      id: state.id,
      behaviour: state.behaviour,
      session: { active: now - state.lastEventAt <= SESSION_GAP_MS, id: `${state.id}#${state.sessions}`, ...(typeof platform === "string" ? { platform } : {}) },
    };
  };
  const historyOf = (state: UserState): FullEngineHistory => state.history;
  const apply = (state: UserState, now: number, result: DecideResult, fromDue: boolean): void => {
    summary.add(state.id, result, fromDue);
    for (const decision of result.decisions) options.onDecision?.(state.id, now, decision);
    state.history = applyRecords(state.history, result.records);
  };
  const runDue = (state: UserState, now: number): void => {
    const user = userAt(state, now);
    summary.dueCalls++;
    apply(state, now, engine.due({ user, history: historyOf(state), now }), true);
    queue.schedule(state.id, engine.nextCheckAt(user, now, historyOf(state)));
  };
  const dueUntil = (until: number): void => {
    for (let next = queue.popUntil(until); next !== null; next = queue.popUntil(until)) runDue(stateOf(next.user), next.at);
  };

  for (const entry of ordered) {
    dueUntil(entry.time);
    const state = stateOf(entry.userId);
    if (entry.event.name === "app_open" || entry.time - state.lastEventAt > SESSION_GAP_MS) state.sessions++;
    state.lastEventAt = entry.time;
    if (policy !== null) state.behaviour = foldEvents(state.behaviour, [entry.event], policy);
    summary.decideCalls++;
    const user = userAt(state, entry.time);
    apply(state, entry.time, engine.decide({ event: entry.event, user, history: historyOf(state), now: entry.time }), false);
    // The event may make something due now (a segment entered): then the queue runs due at once.
    queue.schedule(state.id, engine.nextCheckAt(user, entry.time, historyOf(state)));
    summary.events++;
    summary.firstTime ??= entry.time;
    summary.lastTime = entry.time;
    if (summary.events % progressEvery === 0) options.onProgress?.(summary.events, ordered.length);
  }
  if (summary.lastTime !== null) dueUntil(summary.lastTime);
  summary.users = states.size;
  return summary;
}
