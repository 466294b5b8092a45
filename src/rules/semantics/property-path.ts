/**
 * Reading a dotted path (`"user.cart.0.sku"`) out of data, as json-logic-js `var` does — but only
 * through the data's own properties. Inherited members (`toString`, `constructor`, a polluted
 * `Object.prototype.isAdmin`) read as missing, and the names `__proto__`, `constructor` and
 * `prototype` always read as missing, even as own keys.
 */

import { ownValue } from "../../json/own-value.js";

const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Marks "no value here"; distinct from every JSON value, including `null`. */
export const MISSING: unique symbol = Symbol("missing");
export type Missing = typeof MISSING;

/**
 * Splits a path the way json-logic-js does (`String(path).split(".")`), vetting it once: a path
 * through `__proto__`, `constructor` or `prototype` gives undefined (it always reads as missing).
 * Paths are vetted here, once, so that walking them (resolveSegments) checks nothing but own-ness.
 */
export function splitPath(path: string): readonly string[] | undefined {
  const segments = path.split(".");
  return segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment)) ? undefined : segments;
}

/** Own property `key` of `holder`, or MISSING. Strings expose their own indices and `length`. */
export function ownProperty(holder: unknown, key: string): unknown {
  if (holder === null || holder === undefined || FORBIDDEN_SEGMENTS.has(key)) return MISSING;
  const value = ownValue(holder, key);
  return value === undefined ? MISSING : value;
}

/**
 * Walks path segments vetted by splitPath (from index `from`), starting at `data`. Returns MISSING
 * where json-logic-js would return its default: when a step meets null/undefined or a missing key.
 * A present `null` leaf is returned as null.
 */
export function resolveSegments(data: unknown, segments: readonly string[], from = 0): unknown {
  let current = data;
  for (let i = from; i < segments.length; i++) {
    if (current === null || current === undefined) return MISSING;
    current = ownValue(current, segments[i] as string);
    if (current === undefined) return MISSING;
  }
  return current;
}
