import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileRule, explainRule, ruleLike } from "../../src/rules/index.js";
import { jsonLogic } from "../support/json-logic-reference.js";

const suiteDir = fileURLToPath(new URL("../conformance/jsonlogic/", import.meta.url));
const sharedDir = fileURLToPath(new URL("../../../shared/conformance/jsonlogic/", import.meta.url));

function load(name: string): unknown[] {
  return JSON.parse(readFileSync(`${suiteDir}${name}`, "utf8")) as unknown[];
}

/** Test cases are triples; plain strings in the suites are section comments. */
function cases(name: string): [unknown, unknown, unknown][] {
  return load(name).filter((entry): entry is [unknown, unknown, unknown] => Array.isArray(entry));
}

describe("official JsonLogic suite (tests.json)", () => {
  const suite = cases("tests.json");

  it("has the 278 published cases", () => {
    expect(suite).toHaveLength(278);
  });

  it.each(suite.map((entry, index) => [index, ...entry] as const))("case %i: %j on %j", (_index, rule, data, expected) => {
    expect(compileRule(rule)(data)).toEqual(expected);
    // Explain mode compiles without folding or short-cuts; it must agree.
    expect(explainRule(rule, data).result).toEqual(expected);
  });
});

describe("rule_like suite (rule_like.json)", () => {
  const suite = cases("rule_like.json");

  it("has the 39 published cases", () => {
    expect(suite).toHaveLength(39);
  });

  it.each(suite.map((entry, index) => [index, ...entry] as const))("case %i: %j like %j", (_index, rule, pattern, expected) => {
    expect(ruleLike(rule, pattern)).toBe(expected);
    expect(ruleLike(rule, pattern)).toBe(jsonLogic.rule_like(rule as never, pattern as never));
  });
});

describe("vendored suites", () => {
  it.runIf(existsSync(sharedDir))("are byte-identical to ../shared/conformance/jsonlogic", () => {
    for (const name of ["tests.json", "rule_like.json"]) {
      expect(readFileSync(`${suiteDir}${name}`, "utf8")).toBe(readFileSync(`${sharedDir}${name}`, "utf8"));
    }
  });
});
