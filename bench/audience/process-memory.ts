import { readFileSync, writeFileSync } from "node:fs";

/**
 * The peak resident memory of this process so far, in bytes: Linux's VmHWM (every thread of the
 * process — worker threads and DuckDB's — shares it). Falls back to the current RSS elsewhere.
 */
export function peakResidentBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match !== null) return Number(match[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss;
}

/** Resets this process's VmHWM to its current RSS (Linux ≥ 4.0: `5` to /proc/self/clear_refs); false where that is not possible. */
export function resetPeakResident(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}
