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

interface JourneyRules {
  entry: { where?: unknown };
  audience?: unknown;
  goal?: { where?: unknown };
  exits?: { where?: unknown }[];
  nodes: Record<string, { branches?: { when: unknown }[]; where?: unknown; condition?: unknown }>;
}

/** The rules a config holds: trigger and audience `where`s, segment rules, and journeys' rules (entry, audience, goal, exits, branches, waits). */
function rulesOf(config: ReturnType<typeof exampleConfig>): unknown[] {
  const campaigns = config.campaigns as readonly { trigger: { where?: unknown }; audience?: { where?: unknown } }[];
  const journeys = ((config as { journeys?: readonly JourneyRules[] }).journeys ?? []).flatMap((journey) => [
    journey.entry.where,
    journey.audience,
    journey.goal?.where,
    ...(journey.exits ?? []).map((exit) => exit.where),
    ...Object.values(journey.nodes).flatMap((node) => [...(node.branches ?? []).map((branch) => branch.when), node.where, node.condition]),
  ]);
  return [
    ...campaigns.flatMap((campaign) => [campaign.trigger.where, campaign.audience?.where].filter((rule) => rule !== undefined)),
    ...((config as { segments?: readonly { rule: unknown }[] }).segments ?? []).map((segment) => segment.rule),
    ...journeys.filter((rule) => rule !== undefined),
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
    expect((config as { journeys?: unknown[] }).journeys?.length).toBeGreaterThan(0);
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
