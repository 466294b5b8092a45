import { beforeEach, describe, expect, it, vi } from "vitest";
import { createEngine, prepareConfig } from "../../src/index.js";
import { compileRule } from "../../src/rules/compile-rule.js";
import { loadEngine } from "../../src/runtime/index.js";
import { exampleConfig } from "../support/engine-fixtures.js";

// Every compileRule call in the library goes through this spy (the module is shared by every importer).
vi.mock("../../src/rules/compile-rule.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/rules/compile-rule.js")>();
  return { ...original, compileRule: vi.fn((...args: Parameters<typeof original.compileRule>) => original.compileRule(...args)) };
});

/** The rules a config holds: trigger and audience `where`s, and segment rules. */
function rulesOf(config: ReturnType<typeof exampleConfig>): unknown[] {
  const campaigns = config.campaigns as readonly { trigger: { where?: unknown }; audience?: { where?: unknown } }[];
  return [
    ...campaigns.flatMap((campaign) => [campaign.trigger.where, campaign.audience?.where].filter((rule) => rule !== undefined)),
    ...((config as { segments?: readonly { rule: unknown }[] }).segments ?? []).map((segment) => segment.rule),
  ];
}

describe("one compile per rule", () => {
  const compiles = vi.mocked(compileRule);
  const config = exampleConfig();
  beforeEach(() => {
    compiles.mockClear();
  });

  it("the example config has rules of each kind (the count below means something)", () => {
    const rules = rulesOf(config);
    expect(rules.length).toBeGreaterThanOrEqual(5);
  });

  it("createEngine compiles each rule exactly once (validating it is compiling it: the link reuses it)", () => {
    createEngine(config);
    expect(compiles).toHaveBeenCalledTimes(rulesOf(config).length);
  });

  it("prepareConfig compiles each once to check it, and loadEngine once to link it", () => {
    const prepared = prepareConfig(config);
    expect(compiles).toHaveBeenCalledTimes(rulesOf(config).length);
    compiles.mockClear();
    loadEngine(prepared);
    expect(compiles).toHaveBeenCalledTimes(rulesOf(config).length);
  });
});
