/**
 * Engine modules leave out what their config does not use (journeys, best send time, experiments
 * and holdouts, segments, behavioural operators, behaviour folding, unused rule operators): on
 * generated configs — which have these or not at random — the module decides as createEngine does,
 * call by call, for generated users and events.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../../src/index.js";
import { expectSameAnswers } from "../support/same-answers.js";
import { engineOfModule } from "../../src/runtime/index.js";
import { emitEngineModule } from "../../src/node/standalone/index.js";
import { configVocabulary } from "../../src/testing/config-vocabulary.js";
import { engineConfigArbitrary } from "../../src/testing/engine-config-arbitrary.js";
import { userScenarioArbitrary } from "../../src/testing/scenario-arbitrary.js";

const SEED = 20261208;
const CONFIGS = 24;
const dir = mkdtempSync(join(tmpdir(), "nudgekit-engine-module-property-"));

/** The config with every text of its campaigns' content fixed (no `{{`, no `{%`): content without templates. */
function withoutTemplates<Config>(config: Config): Config {
  const fixed = (value: unknown): unknown =>
    typeof value === "string" ? value.replace(/[{}%]/g, "") : Array.isArray(value) ? value.map(fixed) : typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fixed(child)])) : value;
  const { campaigns, ...rest } = config as { campaigns: { content?: unknown }[] };
  return { ...rest, campaigns: campaigns.map((campaign) => ({ ...campaign, ...(campaign.content === undefined ? {} : { content: fixed(campaign.content) }) })) } as Config;
}

describe("engine modules of generated configs", () => {
  it("decide, due, nextCheckAt and explain give what createEngine gives, call by call", { timeout: 120_000 }, async () => {
    const generated = fc.sample(engineConfigArbitrary({ maxCampaigns: 4 }), { seed: SEED, numRuns: CONFIGS });
    // Generated content always has templates: every third config gets fixed texts instead, for modules without templates.
    const configs = generated.map((config, index) => (index % 3 === 0 ? withoutTemplates(config) : config));
    const without = new Map<string, number>();
    let verdicts = 0;
    for (const [index, config] of configs.entries()) {
      const emitted = await emitEngineModule(config);
      for (const feature of emitted.without) without.set(feature, (without.get(feature) ?? 0) + 1);
      const file = join(dir, `engine-${index}.mjs`);
      writeFileSync(file, emitted.code);
      const fromModule = engineOfModule(await import(/* @vite-ignore */ pathToFileURL(file).href));
      const created: Engine = createEngine(config);
      fc.assert(
        fc.property(userScenarioArbitrary({ vocabulary: configVocabulary(config), behaviour: created.behaviour, spanDays: 3 }), (scenario) => {
          verdicts += expectSameAnswers(created, fromModule, scenario);
        }),
        { seed: SEED + index, numRuns: 8 },
      );
    }
    // Not vacuous: the calls reach the steps, and the configs leave out each part in some modules and keep it in others.
    expect(verdicts).toBeGreaterThan(100);
    for (const feature of ["segments", "experiments and holdouts", "behavioural operators", "behaviour folding", "templates"]) {
      expect(without.get(feature) ?? 0, feature).toBeGreaterThan(0);
      expect(without.get(feature) ?? 0, feature).toBeLessThan(CONFIGS);
    }
    expect(without.get("journeys")).toBe(CONFIGS);
  });
});
