/**
 * The JSON pointer of a path from the root, e.g. `pointerOf("nodes", "a/b", "next")` → `/nodes/a~1b/next`.
 *
 * @example
 * pointerOf("exits", 0, "where"); // "/exits/0/where"
 */
export function pointerOf(...tokens: readonly (string | number)[]): string {
  let pointer = "";
  for (const token of tokens) pointer = childPointer(pointer, token);
  return pointer;
}

/** Appends one reference token to a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function childPointer(pointer: string, token: string | number): string {
  const text = String(token);
  const escaped = text.includes("~") || text.includes("/") ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text;
  return `${pointer}/${escaped}`;
}
