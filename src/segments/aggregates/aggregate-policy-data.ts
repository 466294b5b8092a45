/**
 * A compiled aggregation policy as plain JSON and back: what `prepareConfig` stores for a browser,
 * and the one place an `AggregatePolicy` is built (so a loaded engine's `behaviour` is accepted
 * by `foldEvents` as it is).
 */
import type { AggregatePolicy, TrackedEvent } from "./aggregate-policy.js";

export interface AggregatePolicyData {
  /** Tracked events with their numeric properties' decimal places, as entries. */
  readonly events: readonly (readonly [string, readonly (readonly [string, number])[]])[];
  readonly horizonDays: number;
  readonly dedupeWindowMs: number;
  readonly maxIds: number;
  readonly maxFutureMs: number;
}

const aggregatePolicyBrand: unique symbol = Symbol("nudgekit.aggregate-policy");

export function aggregatePolicyToData(policy: AggregatePolicy): AggregatePolicyData {
  const { horizonDays, dedupeWindowMs, maxIds, maxFutureMs } = policy;
  return { events: [...policy.events].map(([name, tracked]) => [name, [...tracked.properties]]), horizonDays, dedupeWindowMs, maxIds, maxFutureMs };
}

/**
 * The map, refusing changes: a compiled policy is shared by every fold of every user (and handed
 * out as `engine.behaviour`), so no caller may change what it tracks for the others.
 */
function readOnly<K, V>(map: Map<K, V>): ReadonlyMap<K, V> {
  const refuse = (): never => {
    throw new TypeError("a compiled aggregation policy cannot be changed");
  };
  return Object.freeze(Object.assign(map, { set: refuse, delete: refuse, clear: refuse }));
}

export function aggregatePolicyFromData(data: AggregatePolicyData): AggregatePolicy {
  const events = readOnly(new Map<string, TrackedEvent>(data.events.map(([name, properties]) => [name, Object.freeze({ properties: readOnly(new Map(properties)) })])));
  return Object.freeze({
    kind: "aggregate-policy" as const,
    events,
    horizonDays: data.horizonDays,
    dedupeWindowMs: data.dedupeWindowMs,
    maxIds: data.maxIds,
    maxFutureMs: data.maxFutureMs,
    [aggregatePolicyBrand]: true as const,
  });
}

/** Whether `value` is a policy built here (compiled, or loaded with an engine). */
export function isCompiledAggregatePolicy(value: unknown): value is AggregatePolicy {
  return typeof value === "object" && value !== null && (value as { [aggregatePolicyBrand]?: unknown })[aggregatePolicyBrand] === true;
}
