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
