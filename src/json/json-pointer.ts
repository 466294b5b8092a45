/** Appends one reference token to a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function childPointer(pointer: string, token: string | number): string {
  const text = String(token);
  const escaped = text.includes("~") || text.includes("/") ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text;
  return `${pointer}/${escaped}`;
}
