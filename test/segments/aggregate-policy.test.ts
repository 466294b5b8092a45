import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AggregatesError, compileAggregatePolicy, foldEvents } from "../../src/segments/index.js";

/** The problems an invalid policy is refused with ([path, message] pairs). */
function problemsOf(input: unknown): [string, string][] {
  try {
    compileAggregatePolicy(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AggregatesError);
    const { problems, path, message } = error as AggregatesError;
    expect(path).toBe(problems[0]?.path);
    expect(message).toMatch(/^invalid aggregation policy: /);
    return problems.map((problem) => [problem.path, problem.message]);
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

const pathsOf = (input: unknown): string[] => problemsOf(input).map(([path]) => path);

describe("compileAggregatePolicy", () => {
  it("fills the documented defaults", () => {
    const policy = compileAggregatePolicy({ events: { purchase: { properties: { amount: {} } }, app_open: {} } });
    expect(policy).toMatchObject({ kind: "aggregate-policy", horizonDays: 90, dedupeWindowMs: 7 * 86_400_000, maxIds: 1_000, maxFutureMs: 86_400_000 });
    expect([...policy.events.keys()]).toEqual(["purchase", "app_open"]);
    expect([...(policy.events.get("purchase")?.properties ?? [])]).toEqual([["amount", 2]]);
    expect(policy.events.get("app_open")?.properties.size).toBe(0);
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it("returns a compiled policy as it is, and compiles the same input object once", () => {
    const input = { events: { a: {} }, horizonDays: 30 };
    const policy = compileAggregatePolicy(input);
    expect(compileAggregatePolicy(policy)).toBe(policy);
    expect(compileAggregatePolicy(input)).toBe(policy);
    expect(compileAggregatePolicy({ events: { a: {} }, horizonDays: 30 })).not.toBe(policy);
    expect(foldEvents(null, [{ name: "a", time: 0 }], policy)).toEqual(foldEvents(null, [{ name: "a", time: 0 }], input));
  });

  it("refuses what is not a policy, with the path of each problem", () => {
    expect(pathsOf(null)).toEqual([""]);
    expect(pathsOf([])).toEqual([""]);
    expect(pathsOf("policy")).toEqual([""]);
    expect(problemsOf({})).toEqual([["/events", "must be an object of tracked events"]]);
    expect(pathsOf({ events: [] })).toEqual(["/events"]);
    expect(pathsOf({ events: { a: null } })).toEqual(["/events/a"]);
    expect(pathsOf({ events: { a: { properties: [] } } })).toEqual(["/events/a/properties"]);
  });

  it("refuses unknown keys at every level", () => {
    expect(problemsOf({ events: {}, horizon: 90 })).toEqual([["", 'unknown key "horizon" (known keys: events, horizonDays, dedupe, maxFutureMs)']]);
    expect(pathsOf({ events: { a: { props: {} } } })).toEqual(["/events/a"]);
    expect(pathsOf({ events: { a: { properties: { x: { decimals: 2, unit: "EUR" } } } } })).toEqual(["/events/a/properties/x"]);
    expect(pathsOf({ events: {}, dedupe: { window: 7 } })).toEqual(["/dedupe"]);
  });

  it("refuses reserved event and property names, also when they come from JSON.parse (own __proto__ keys)", () => {
    const parsed = JSON.parse('{"events":{"__proto__":{},"constructor":{},"prototype":{},"ok":{"properties":{"__proto__":{},"constructor":{},"amount":{}}}}}') as unknown;
    const problems = problemsOf(parsed);
    expect(problems.map(([path]) => path)).toEqual([
      "/events/__proto__",
      "/events/constructor",
      "/events/prototype",
      "/events/ok/properties/__proto__",
      "/events/ok/properties/constructor",
    ]);
    for (const [, message] of problems) expect(message).toMatch(/is reserved/);
    expect(() => foldEvents(null, [], parsed as never)).toThrow(AggregatesError);
  });

  it("refuses empty, overlong and too many names", () => {
    expect(problemsOf({ events: { "": {} } })).toEqual([["/events/", 'name "" must not be empty']]);
    expect(pathsOf({ events: { ["é".repeat(129)]: {} } })).toEqual([`/events/${"é".repeat(129)}`]);
    expect(() => compileAggregatePolicy({ events: { ["é".repeat(128)]: {} } })).not.toThrow();
    expect(pathsOf({ events: { "a/b~c": { properties: { "": {} } } } })).toEqual(["/events/a~1b~0c/properties/"]);
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`p${i}`, {}]));
    expect(problemsOf({ events: { a: { properties: seventeen } } })).toEqual([["/events/a/properties", "at most 16 numeric properties are allowed, got 17"]]);
    const tooMany = Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`e${i}`, {}]));
    expect(pathsOf({ events: tooMany })).toEqual(["/events"]);
  });

  it("refuses a bad horizon, decimals, dedupe or maxFutureMs", () => {
    for (const horizonDays of [0, -1, 1.5, 3_661, "90", null, Number.NaN, Number.POSITIVE_INFINITY]) expect(pathsOf({ events: {}, horizonDays })).toEqual(["/horizonDays"]);
    for (const horizonDays of [1, 90, 3_660]) expect(compileAggregatePolicy({ events: {}, horizonDays }).horizonDays).toBe(horizonDays);
    for (const decimals of [-1, 7, 1.5, "2"]) expect(pathsOf({ events: { a: { properties: { x: { decimals } } } } })).toEqual(["/events/a/properties/x/decimals"]);
    expect(pathsOf({ events: {}, dedupe: { windowDays: -1, maxIds: 1.5 } })).toEqual(["/dedupe/windowDays", "/dedupe/maxIds"]);
    expect(pathsOf({ events: {}, dedupe: { windowDays: 3_661, maxIds: 100_001 } })).toEqual(["/dedupe/windowDays", "/dedupe/maxIds"]);
    expect(pathsOf({ events: {}, maxFutureMs: -1 })).toEqual(["/maxFutureMs"]);
  });

  it("lists every problem at once", () => {
    const parsed = JSON.parse('{"events":{"__proto__":{},"x":{"properties":{"constructor":{}},"y":1}},"horizonDays":0,"zz":1}') as unknown;
    expect(pathsOf(parsed)).toEqual(["/events/__proto__", "/events/x/properties/constructor", "/events/x", "/horizonDays", ""]);
  });

  it("any input either compiles or throws AggregatesError with JSON-pointer paths (fast-check)", () => {
    const loose = fc.record(
      {
        events: fc.oneof(
          fc.dictionary(
            fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("__proto__", "constructor", "prototype")),
            fc.oneof(fc.record({ properties: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.record({ decimals: fc.integer({ min: -2, max: 8 }) }, { requiredKeys: [] }), fc.anything())) }, { requiredKeys: [] }), fc.anything()),
            { maxKeys: 4 },
          ),
          fc.anything(),
        ),
        horizonDays: fc.oneof(fc.integer({ min: -5, max: 4_000 }), fc.anything()),
        dedupe: fc.oneof(fc.record({ windowDays: fc.double(), maxIds: fc.integer() }, { requiredKeys: [] }), fc.anything()),
        maxFutureMs: fc.oneof(fc.double(), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(loose, fc.anything()), (input) => {
        try {
          compileAggregatePolicy(input);
        } catch (error) {
          expect(error).toBeInstanceOf(AggregatesError);
          for (const problem of (error as AggregatesError).problems) expect(problem.path === "" || problem.path.startsWith("/")).toBe(true);
        }
      }),
      { seed: 20261123, numRuns: 400 },
    );
  });
});
