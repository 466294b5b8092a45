/**
 * An id as text: a string of 1–1,024 characters, or a finite number written out; else null. How
 * user ids, event ids and run keys are read wherever they come from.
 *
 * @example
 * idText("u1"); // "u1"
 * idText(42); // "42"
 * idText(""); // null
 */
export function idText(id: unknown): string | null {
  if (typeof id === "string" && id.length > 0 && id.length <= 1_024) return id;
  return typeof id === "number" && Number.isFinite(id) ? String(id) : null;
}
