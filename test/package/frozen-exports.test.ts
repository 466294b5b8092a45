/**
 * Constants a module exports (lists of channels, formats, statuses, the holdout's exempt
 * categories, …) are read by the engines when they compile: a caller that changed one would change
 * every engine built after it. So every exported array is frozen.
 */
import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
// Every entry point: src/index.ts and each folder's index.ts (Node-only ones too).
const ENTRIES = ["index.ts", ...readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `${entry.name}/index.ts`)].filter((path) => existsSync(`${SRC}${path}`));

describe("exported constants", () => {
  it.each(ENTRIES)("every array src/%s exports is frozen (review of issue 19: DEFAULT_HOLDOUT_EXEMPT.splice(0) changed later engines)", async (entry) => {
    const module = (await import(`${SRC}${entry}`)) as Record<string, unknown>;
    const arrays = Object.entries(module).filter(([, value]) => Array.isArray(value));
    for (const [name, value] of arrays) expect(Object.isFrozen(value), `${entry}: ${name}`).toBe(true);
  });
});
