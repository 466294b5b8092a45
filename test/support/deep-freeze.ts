/** Freezes a value and everything reachable from it, so any attempted mutation throws in tests. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === "object" && current !== null && !Object.isFrozen(current)) {
      Object.freeze(current);
      for (const child of Object.values(current)) stack.push(child);
    }
  }
  return value;
}
