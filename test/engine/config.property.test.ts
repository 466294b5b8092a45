import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, createEngine } from "../../src/index.js";
import { HOSTILE_INSTANTS, PROTOTYPE_NAMES } from "../support/engine-arbitraries.js";
import { exampleConfig, NOW, reachableUser } from "../support/engine-fixtures.js";

const SEED = 20261202;

/** Every path to a value inside a JSON document. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

function replaced(document: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(document) ? [...document] : { ...(document as object) }) as Record<string | number, unknown>;
  if (value === undefined && rest.length === 0) delete copy[head];
  else copy[head] = replaced(copy[head], rest, value);
  return copy;
}

const allPaths = paths(exampleConfig());

const EVENTS = ["checkout_started", "add_to_cart", "signup", "app_open", "payment_failed"];

/**
 * createEngine either compiles or throws a ConfigError whose problems all have a path and a
 * message; what compiles then never throws (a valid config on any input returns a value).
 */
function compilesOrReports(config: unknown): void {
  try {
    const engine = createEngine(config);
    const user = reachableUser({ behaviour: { version: 1, events: { app_open: { last: NOW - 30 * 86_400_000 } } } });
    for (const now of [NOW, 8.64e15]) {
      for (const name of EVENTS) engine.decide({ event: { name, properties: { value: 3, category: "chips" } }, user, now });
      engine.due({ user, now });
      engine.nextCheckAt(user, now);
    }
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(typeof problem.path).toBe("string");
      expect(problem.message.length).toBeGreaterThan(0);
    }
  }
}

describe("createEngine on hostile configs", () => {
  it("any JSON value: compiles or throws a ConfigError, never anything else", () => {
    fc.assert(fc.property(fc.anything(), compilesOrReports), { seed: SEED, numRuns: 500 });
  });

  it("the example with one value replaced or removed anywhere: compiles or reports it with a path", () => {
    // Durations and instants beyond the Date range, and names that are Object.prototype members, too.
    const hostile = fc.oneof(
      fc.anything(),
      fc.constantFrom(undefined, null, Number.NaN, -1, 1e308, "", [], {}, { __proto__: { polluted: true } }, "9999999999w", "731d", "P1000W", ...HOSTILE_INSTANTS, ...PROTOTYPE_NAMES),
    );
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), hostile, (path, value) => {
        compilesOrReports(replaced(exampleConfig(), path, value));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("a key named __proto__ anywhere in the JSON text is reported or ignored, never merged into Object.prototype", () => {
    const text = JSON.stringify(exampleConfig()).replace('"promotional"', '"promotional","__proto__":{"polluted":true}');
    compilesOrReports(JSON.parse(text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
