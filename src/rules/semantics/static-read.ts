import { ownValue } from "../../json/own-value.js";
import { MISSING, resolveSegments } from "./property-path.js";

/**
 * A `var` with a path fixed at compile time and a primitive (or no) default: the most common node
 * of all. Operators that take such an argument read it through `readStatic` — one monomorphic,
 * inlinable function — instead of calling the argument's closure, which saves a megamorphic call per
 * read on the hot path. Own properties only, as everywhere (see property-path.ts).
 */

export interface StaticRead {
  /** Path segments; empty for `{"var": ""}` (the data itself). Never a forbidden name. */
  readonly segments: readonly string[];
  readonly first: string | undefined;
  readonly second: string | undefined;
  /** What json-logic-js returns when the path is absent (null unless a default is given). */
  readonly fallback: string | number | boolean | null;
  /**
   * Set when the data is known to be a reduce step (`{current, accumulator}`, built by the engine)
   * and the path starts with one of those two keys: the first step is then an own property for sure.
   */
  readonly stepField: "current" | "accumulator" | undefined;
}

export function staticRead(segments: readonly string[], fallback: string | number | boolean | null, inReduceStep = false): StaticRead {
  const first = segments[0];
  const stepField = inReduceStep && (first === "current" || first === "accumulator") ? first : undefined;
  return { segments, first, second: segments[1], fallback, stepField };
}

interface ReduceStep {
  readonly current: unknown;
  readonly accumulator: unknown;
}

export function readStatic(data: unknown, read: StaticRead): unknown {
  const first = read.first;
  if (first === undefined) return data;
  if (data === null || data === undefined) return read.fallback;
  let value: unknown;
  const stepField = read.stepField;
  if (stepField !== undefined) {
    value = stepField === "current" ? (data as ReduceStep).current : (data as ReduceStep).accumulator;
  } else {
    value = ownValue(data, first);
  }
  if (value === undefined) return read.fallback;
  const second = read.second;
  if (second === undefined) return value;
  if (value === null) return read.fallback;
  value = ownValue(value, second);
  if (value === undefined) return read.fallback;
  if (read.segments.length === 2) return value;
  const rest = resolveSegments(value, read.segments, 2);
  return rest === MISSING ? read.fallback : rest;
}
