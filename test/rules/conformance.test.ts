import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileRule, explainRule, ruleLike } from "../../src/rules/index.js";
import { deepFreeze } from "../support/deep-freeze.js";
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
    expect(compileRule(rule)(deepFreeze(structuredClone(data)))).toEqual(expected);
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

/** SHA-256 of the suites as published by the JsonLogic project (copied from ../shared/conformance). */
const PUBLISHED_SHA256: Readonly<Record<string, string>> = {
  "tests.json": "35f108502bd2d32a9ed30ea4dd17609baa6cbb55147fb979ac5feec30d6a9bbf",
  "rule_like.json": "936032b3c385177f9aa3aee5a0f43fdd0553d3371a26a2b1f134998b756188db",
};

describe("vendored suites", () => {
  it.each(Object.entries(PUBLISHED_SHA256))("%s is the published suite, unmodified", (name, digest) => {
    const vendored = readFileSync(`${suiteDir}${name}`);
    expect(createHash("sha256").update(vendored).digest("hex")).toBe(digest);
    // Where the shared copy is checked out next to this repository, it must be the same file.
    if (existsSync(`${sharedDir}${name}`)) expect(vendored.equals(readFileSync(`${sharedDir}${name}`))).toBe(true);
  });
});
