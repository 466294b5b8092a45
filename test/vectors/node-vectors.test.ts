/**
 * The golden vectors (test/vectors/*.json), run in Node against src/. The same files run in headless
 * Chromium (test/browser/browser-identity.test.ts); both must give exactly `expected`.
 *
 * The files are the contract and are not regenerated here: `npm run vectors` rewrites them, on
 * purpose, when a change of behaviour is intended (review the diff).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as caps from "../../src/caps/index.js";
import * as channels from "../../src/channels/index.js";
import * as experiments from "../../src/experiments/index.js";
import * as rules from "../../src/rules/index.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";
import * as timeZones from "../../src/time-zones/index.js";
import { decodeValue, encodeThrown, encodeValue, runVectors, VECTOR_FILES, type Json, type NudgekitModules, type VectorDocument, type VectorFile, type VectorResult } from "./vector-runner.js";

const nudgekit: NudgekitModules = { root, experiments, rules, caps, channels, timeZones };

const files: VectorFile[] = VECTOR_FILES.map((file) => ({
  ...(JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), "utf8")) as VectorDocument),
  file,
}));

/** Each file runs once (decide.json compiles one engine for all its cases); the cases look their result up. */
const resultsByFile = new Map<string, VectorResult[]>();
function resultOf(file: VectorFile, index: number): VectorResult {
  let results = resultsByFile.get(file.file);
  if (results === undefined) resultsByFile.set(file.file, (results = runVectors(nudgekit, [file])));
  return results[index] as VectorResult;
}

describe.each(files.map((file) => [file.file, file] as const))("%s", (_name, file) => {
  it("is a vector document", () => {
    expect(file.generatedBy).toBe("npm run vectors");
    expect(file.description.length).toBeGreaterThan(0);
    expect(file.cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(file.cases.map((vector) => vector.name)).size).toBe(file.cases.length);
    if (file.file === "decide.json") expect(file.config).toMatchObject({ campaigns: expect.any(Array) });
  });

  it.each(file.cases.map((vector, index) => [vector.name, index] as const))("%s", (name, index) => {
    const vector = file.cases[index]!;
    const result = resultOf(file, index);
    expect(result.name).toBe(name);
    expect(result.actual).toEqual(vector.expected);
  });
});

describe("the tagged encoding of outputs and inputs", () => {
  it("tags what JSON cannot hold, and escapes keys that look like tags", () => {
    expect(encodeValue([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, undefined, 10n])).toEqual([
      { $number: "NaN" },
      { $number: "Infinity" },
      { $number: "-Infinity" },
      { $number: "-0" },
      0,
      { $undefined: true },
      { $bigint: "10" },
    ]);
    expect(encodeValue(undefined)).toEqual({ $undefined: true });
    expect(encodeValue({ kept: 1, dropped: undefined, $number: "NaN" })).toEqual({ kept: 1, $$number: "NaN" });
    expect(encodeValue(new Date(Date.UTC(2026, 10, 23)))).toEqual({ $date: "2026-11-23T00:00:00.000Z" });
    expect(encodeValue(new Map([["a", Number.NaN]]))).toEqual({ $map: [["a", { $number: "NaN" }]] });
    expect(encodeThrown(new RangeError("bad"))).toEqual({ $error: { name: "RangeError", message: "bad" } });
  });

  it("keeps an own __proto__ key an own key both ways, and never sets a prototype", () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":true},"$x":[{"$number":"-0"}]}') as unknown;
    const encoded = encodeValue(hostile);
    expect(JSON.stringify(encoded)).toBe('{"__proto__":{"polluted":true},"$$x":[{"$$number":"-0"}]}');
    const decoded = decodeValue(encoded) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(["__proto__", "$x"]);
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(hostile));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("decodes every tag an input may hold", () => {
    const decoded = decodeValue([{ $number: "NaN" }, { $number: "-0" }, { $undefined: true }, { $bigint: "7" }, { $date: "2026-11-23T00:00:00.000Z" }] as Json) as unknown[];
    expect(decoded[0]).toBeNaN();
    expect(Object.is(decoded[1], -0)).toBe(true);
    expect(decoded[2]).toBeUndefined();
    expect(decoded[3]).toBe(7n);
    expect(decoded[4]).toEqual(new Date(Date.UTC(2026, 10, 23)));
    expect(() => decodeValue({ $mystery: 1 })).toThrow(/unknown tag/);
  });
});

describe("rules.json through the code-generating backend (issue 20)", () => {
  const file = files.find((candidate) => candidate.file === "rules.json") as VectorFile;
  const generated = { ...rules, compileRule: (rule: unknown, options: rules.CompileOptions = {}) => rules.compileRule(rule, { ...options, backend: codegenBackend }) };
  const results = runVectors({ ...nudgekit, rules: generated }, [file]);

  it.each(file.cases.map((vector, index) => [vector.name, index] as const))("%s", (name, index) => {
    expect(results[index]?.name).toBe(name);
    expect(results[index]?.actual).toEqual(file.cases[index]?.expected);
  });
});
