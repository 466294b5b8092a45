/**
 * The aggregation policy model: its JSON IR (what `compileAggregatePolicy` validates a policy into,
 * and what a prepared config stores) and `linkAggregatePolicy`, the one place an `AggregatePolicy`
 * is built (so a loaded engine's `behaviour` is accepted by `foldEvents` as it is).
 */

export interface TrackedEvent {
  /** Declared numeric properties and their decimal places. */
  readonly properties: ReadonlyMap<string, number>;
}

/** A validated aggregation policy. Immutable. */
export interface AggregatePolicy {
  readonly kind: "aggregate-policy";
  readonly events: ReadonlyMap<string, TrackedEvent>;
  readonly horizonDays: number;
  readonly dedupeWindowMs: number;
  readonly maxIds: number;
  readonly maxFutureMs: number;
}

/** A validated aggregation policy as JSON. */
export interface AggregatePolicyIR {
  /** Tracked events with their numeric properties' decimal places, as entries. */
  readonly events: readonly (readonly [string, readonly (readonly [string, number])[]])[];
  readonly horizonDays: number;
  readonly dedupeWindowMs: number;
  readonly maxIds: number;
  readonly maxFutureMs: number;
}

// Registered (Symbol.for): an engine module (emitEngineModule) carries its own copy of this file, and
// its `engine.behaviour` must fold with the app's foldCompiledEvents. JSON cannot hold a symbol, so a
// raw policy is still refused.
const aggregatePolicyBrand: unique symbol = Symbol.for("nudgekit.aggregate-policy");

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

/** The runnable policy of a validated IR. */
export function linkAggregatePolicy(data: AggregatePolicyIR): AggregatePolicy {
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
