/// <reference types="node" />
// Node only: tsconfig.json (the browser-safe check of src/) excludes src/node and has no Node types.
/**
 * Profiles reach worker threads by structured clone, which refuses functions, symbols, class
 * instances with private state and the like. When a chunk cannot be sent, name the first profile
 * that cannot (its index in the input), rather than leave the caller with a bare DataCloneError.
 */
export function profileCloneError(profiles: readonly unknown[], offset: number, cause: unknown): TypeError {
  const bad = profiles.findIndex((profile) => {
    try {
      structuredClone(profile);
      return false;
    } catch {
      return true;
    }
  });
  const which = bad === -1 ? `a profile among #${offset}–#${offset + profiles.length - 1}` : `profile #${offset + bad}`;
  const reason = cause instanceof Error ? `: ${cause.message}` : "";
  return new TypeError(`${which} cannot be sent to a worker thread: profiles must be structured-cloneable (plain data, no functions or symbols)${reason}`, { cause });
}
