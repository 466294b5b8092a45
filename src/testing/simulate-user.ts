import type { Delivery } from "../caps/history/delivery.js";
import type { Engine } from "../engine/engine.js";
import { applyRecords, type FullEngineHistory } from "../engine/records/apply-records.js";
import type { DecideResult, EngineEvent } from "../engine/engine-types.js";
import { isPlainObject } from "../json/plain-object.js";
import { foldInto } from "./behaviour-plan.js";

/*
 * One user's life through the engine, as a service runs it (and as `nudgekit replay` does):
 * events in time order, each folded into the user's aggregates and decided; the records kept as
 * history; `due` called whenever `nextCheckAt` says, between events and after the last one.
 */

/** A session ends after this long without an event (as in the replay). */
const SESSION_GAP_MS = 30 * 60_000;
/** Calls of `due` at one instant before the simulation gives up on that user (a config that sends forever at once). */
const MAX_SAME_INSTANT = 3;

/** A delivery and the call that planned it. */
export interface SimulatedDelivery {
  readonly delivery: Delivery;
  /** When `decide` or `due` was called (`delivery.at` is when it goes out, later if deferred). */
  readonly decidedAt: number;
  readonly call: "decide" | "due";
  /** The event `decide` was called with. */
  readonly event?: string;
}

export interface Simulation {
  readonly deliveries: readonly SimulatedDelivery[];
  readonly decideCalls: number;
  readonly dueCalls: number;
  /** True when the due loop was cut short (too many calls, or the same instant again and again). */
  readonly truncated: boolean;
}

export interface SimulationInput {
  readonly user: unknown;
  /** Time-ordered (they are sorted again, stably). Each needs a numeric `time`. */
  readonly events: readonly (EngineEvent & { readonly time: number })[];
  /** Keep calling `due` this long after the last event (delayed triggers, inactivity, deferrals). */
  readonly tailMs: number;
  /** Bound on `due` calls (default 30 + 4 per event). */
  readonly maxDueCalls?: number;
}

export function simulateUser(engine: Engine, input: SimulationInput): Simulation {
  const events = [...input.events].sort((a, b) => a.time - b.time);
  const profile = input.user;
  const policy = engine.behaviour;
  const modelled = isPlainObject(profile);
  const baseSession = modelled && isPlainObject(profile.session) ? profile.session : {};
  const id = modelled ? String(profile.id) : "user";
  let behaviour: unknown = modelled ? profile.behaviour : undefined;
  let lastEventAt = -Infinity;
  let sessions = 0;
  let kept: FullEngineHistory = applyRecords(undefined, []);
  const planned: SimulatedDelivery[] = [];
  const maxDueCalls = input.maxDueCalls ?? 30 + 4 * events.length;
  let decideCalls = 0;
  let dueCalls = 0;
  let truncated = false;
  let nextCheck: number | null = null;

  // A session is the user's activity: active within 30 minutes of their latest event.
  const userAt = (now: number): unknown => {
    if (!modelled) return profile;
    const user: Record<string, unknown> = { ...profile, session: { ...baseSession, active: now - lastEventAt <= SESSION_GAP_MS, id: `${id}#${sessions}` } };
    if (policy !== null) user.behaviour = behaviour ?? null;
    return user;
  };
  const history = (): FullEngineHistory => kept;
  const apply = (result: DecideResult, at: number, call: "decide" | "due", event?: string): void => {
    kept = applyRecords(kept, result.records);
    for (const record of result.records) {
      if (record.type === "delivery") planned.push({ delivery: record.delivery, decidedAt: at, call, ...(event === undefined ? {} : { event }) });
    }
  };
  const dueUntil = (until: number): void => {
    let sameInstant = 0;
    let previous: number | null = null;
    while (nextCheck !== null && nextCheck <= until) {
      if (dueCalls >= maxDueCalls || sameInstant >= MAX_SAME_INSTANT) {
        truncated = true;
        nextCheck = null;
        return;
      }
      const at: number = nextCheck;
      sameInstant = at === previous ? sameInstant + 1 : 0;
      previous = at;
      const user = userAt(at);
      dueCalls++;
      apply(engine.due({ user, history: history(), now: at }), at, "due");
      nextCheck = engine.nextCheckAt(user, at, history());
    }
  };

  for (const event of events) {
    dueUntil(event.time);
    if (event.name === "app_open" || event.time - lastEventAt > SESSION_GAP_MS) sessions++;
    lastEventAt = event.time;
    if (policy !== null && modelled) behaviour = foldInto(behaviour, [{ ...event, time: event.time }], policy);
    const user = userAt(event.time);
    decideCalls++;
    apply(engine.decide({ event, user, history: history(), now: event.time }), event.time, "decide", event.name);
    nextCheck = engine.nextCheckAt(user, event.time, history());
  }
  const last = events[events.length - 1];
  if (last !== undefined) dueUntil(last.time + input.tailMs);
  return { deliveries: planned, decideCalls, dueCalls, truncated };
}
