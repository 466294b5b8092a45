/** Names that would reach Object.prototype if used as keys: refused for event and property names. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
