import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as bandit from "../../../src/experiments/bandit/index.js";
import * as statistics from "../../../src/experiments/statistics/index.js";

/** Every ```json statistics-example block in docs/statistics.md is `{ call, args, result }` and must hold. */
const doc = readFileSync(fileURLToPath(new URL("../../../docs/statistics.md", import.meta.url)), "utf8");
const examples = [...doc.matchAll(/```json statistics-example\n([\s\S]*?)```/g)].map(
  (match) => JSON.parse(match[1] as string) as { call: string; args: unknown[]; result: unknown },
);

const functions: Record<string, unknown> = { ...statistics, ...bandit };

/** Digits after the decimal point as a number is written, e.g. 0.0355 → 4, 0.00000176 → 8, 25256 → 0. */
function decimals(value: number): number {
  const text = String(value);
  const [mantissa = "", exponent] = text.split("e");
  const fraction = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

/** `actual` matches what the doc wrote: numbers to the written precision, everything else exactly; only the doc's keys are checked. */
function expectDocumented(actual: unknown, written: unknown, path: string): void {
  if (typeof written === "number") {
    expect(typeof actual, path).toBe("number");
    expect(Math.abs((actual as number) - written), `${path}: ${String(actual)} vs ${written}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals(written) + 1e-15);
  } else if (Array.isArray(written)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(written.length);
    written.forEach((item, index) => expectDocumented((actual as unknown[])[index], item, `${path}[${index}]`));
  } else if (typeof written === "object" && written !== null) {
    for (const [key, value] of Object.entries(written)) expectDocumented((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    expect(actual, path).toBe(written);
  }
}

describe("docs/statistics.md examples", () => {
  it("cover every public function of the module", () => {
    const called = new Set(examples.map((example) => example.call));
    for (const name of ["sampleRatioMismatch", "conversionLift", "chanceToBeatControl", "sampleSize", "power", "revenueSummary", "summaryFromSums", "welchTTest", "pickWinner", "banditAllocation", "banditAssign"]) {
      expect(called.has(name), name).toBe(true);
    }
  });

  it.each(examples.map((example) => [example.call, example] as const))("%s", (_name, example) => {
    const fn = functions[example.call];
    if (typeof fn !== "function") throw new Error(`docs call unknown function ${example.call}`);
    expectDocumented((fn as (...args: unknown[]) => unknown)(...example.args), example.result, example.call);
  });

  it("the error example shows the real field and message", () => {
    try {
      statistics.conversionLift({ users: 100, conversions: 10 }, { users: 10, conversions: 11 });
      throw new Error("expected a StatisticsInputError");
    } catch (error) {
      expect(error).toBeInstanceOf(statistics.StatisticsInputError);
      const { field, message } = error as InstanceType<typeof statistics.StatisticsInputError>;
      expect(doc).toContain(`error.field;   // "${field}"`);
      expect(doc).toContain(`error.message; // "${message}"`);
    }
  });
});
