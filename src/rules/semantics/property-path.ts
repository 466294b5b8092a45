/**
 * Reading a dotted path (`"user.cart.0.sku"`) out of data, as json-logic-js `var` does — but only
 * through the data's own properties. Inherited members (`toString`, `constructor`, a polluted
 * `Object.prototype.isAdmin`) read as missing, and the names `__proto__`, `constructor` and
 * `prototype` always read as missing, even as own keys.
 */

const hasOwn = Object.prototype.hasOwnProperty;

const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Marks "no value here"; distinct from every JSON value, including `null`. */
export const MISSING: unique symbol = Symbol("missing");
export type Missing = typeof MISSING;

/** Splits a path the way json-logic-js does (`String(path).split(".")`). */
export function splitPath(path: string): string[] {
  return path.split(".");
}

export function isForbiddenSegment(segment: string): boolean {
  return FORBIDDEN_SEGMENTS.has(segment);
}

/** Own property `key` of `holder`, or MISSING. Strings expose their own indices and `length`. */
export function ownProperty(holder: unknown, key: string): unknown {
  if (holder === null || holder === undefined) return MISSING;
  const value = (holder as Record<string, unknown>)[key];
  if (value === undefined) return MISSING;
  if (!hasOwn.call(holder, key) || FORBIDDEN_SEGMENTS.has(key)) return MISSING;
  return value;
}

/**
 * Resolves path segments from `data`. Returns MISSING where json-logic-js would return its default:
 * when a step meets null/undefined or a missing key. A present `null` leaf is returned as null.
 */
export function resolveSegments(data: unknown, segments: readonly string[]): unknown {
  let current = data;
  for (let i = 0; i < segments.length; i++) {
    if (current === null || current === undefined) return MISSING;
    current = ownProperty(current, segments[i] as string);
    if (current === MISSING) return MISSING;
  }
  return current;
}
