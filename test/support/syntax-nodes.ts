/** Every node of an acorn syntax tree (any object with a string `type`), depth first; locations skipped. */
export function* syntaxNodes(root: unknown): Generator<{ readonly type: string; readonly [key: string]: unknown }> {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...value);
    else if (typeof value === "object" && value !== null) {
      if (typeof (value as { type?: unknown }).type === "string") yield value as { type: string };
      for (const [key, child] of Object.entries(value)) if (key !== "loc") stack.push(child);
    }
  }
}
