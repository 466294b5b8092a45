const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The own value at `key` of a non-null `holder`, or undefined when absent or inherited: the one
 * own-property read of every engine (rule paths, users, histories, prepared configs, aggregates),
 * so that a polluted `Object.prototype` never supplies a value. Callers rule out forbidden names
 * (`__proto__`, `constructor`, `prototype`) where keys come from configs.
 *
 * @example
 * ownValue({ plan: "pro" }, "plan"); // "pro"
 * ownValue({}, "toString"); // undefined (inherited)
 * ownValue("abc", "length"); // 3 (a string's own property)
 */
export function ownValue(holder: unknown, key: string): unknown {
  const value = (holder as Record<string, unknown>)[key];
  return value !== undefined && hasOwn.call(holder, key) ? value : undefined;
}

/**
 * An own property of any value that is an object, or undefined (for primitives, null, and inherited
 * or polluted members): how engines read users, events and histories, with fixed keys (never
 * `__proto__`).
 *
 * @example
 * field({ session: { platform: "ios" } }, "session"); // { platform: "ios" }
 * field(null, "session"); // undefined
 * field("abc", "length"); // undefined (not an object)
 */
export function field(holder: unknown, key: string): unknown {
  return typeof holder === "object" && holder !== null ? ownValue(holder, key) : undefined;
}
