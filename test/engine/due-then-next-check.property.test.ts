import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRecords, createEngine, type Engine, type EngineConfigInput, type EngineHistory } from "../../src/index.js";
import { configVocabulary } from "../../src/testing/config-vocabulary.js";
import { engineConfigArbitrary } from "../../src/testing/engine-config-arbitrary.js";
import { userScenarioArbitrary } from "../../src/testing/scenario-arbitrary.js";
import { foldEvents } from "../../src/segments/index.js";
import { readFileSync } from "node:fs";
import { HOUR, reachableUser } from "../support/engine-fixtures.js";

const SEED = 20261207;

/**
 * `engine.dueWithNextCheck` (what the replay calls after each due check) against `due` followed by
 * `nextCheckAt` with the due's records applied: the same result, and the same next check whenever
 * due recorded nothing (undefined otherwise, and then due did record something).
 */
function checkAgainstTwoCalls(engine: Engine, user: unknown, history: EngineHistory, now: number): { recorded: boolean; next: number | null | undefined } {
  const { result, nextCheck } = engine.dueWithNextCheck({ user, history, now });
  expect(result).toEqual(engine.due({ user, history, now }));
  const recorded = result.decisions.length > 0 || result.records.length > 0;
  if (nextCheck === undefined) expect(recorded).toBe(true);
  else expect(nextCheck).toBe(engine.nextCheckAt(user, now, applyRecords(history, result.records)));
  return { recorded, next: nextCheck };
}

describe("engine.dueWithNextCheck: due and the next check in one pass when due records nothing", () => {
  it("property: generated configs and users, at each event and at instants after it", () => {
    const scenarios = engineConfigArbitrary({ maxCampaigns: 4 }).chain((config) => {
      const behaviour = createEngine(config).behaviour;
      return userScenarioArbitrary({ vocabulary: configVocabulary(config), behaviour, spanDays: 3 }).map((scenario) => ({ config, scenario }));
    });
    let known = 0;
    fc.assert(
      fc.property(scenarios, fc.array(fc.integer({ min: 1, max: 72 }), { minLength: 1, maxLength: 3 }), ({ config, scenario }, laterHours) => {
        const engine = createEngine(config);
        let history = applyRecords(undefined, []);
        for (const event of scenario.events) {
          const result = engine.decide({ event, user: scenario.user, history, now: event.time });
          history = applyRecords(history, result.records);
          for (const hours of [0, ...laterHours]) if (checkAgainstTwoCalls(engine, scenario.user, history, event.time + hours * HOUR).next !== undefined) known++;
        }
      }),
      { seed: SEED, numRuns: 80 },
    );
    expect(known).toBeGreaterThan(100); // not vacuous: most checks take the one-pass answer
  });

  it("the example's config: segment entry and inactivity over a month of days, active then quiet", () => {
    const config = JSON.parse(readFileSync(new URL("../../examples/ecommerce/campaigns.json", import.meta.url), "utf8")) as EngineConfigInput;
    const engine = createEngine(config);
    const policy = engine.behaviour!;
    const start = Date.UTC(2026, 10, 2, 9);
    let behaviour = null;
    let history = applyRecords(undefined, []);
    let sent = 0;
    for (let hour = 0; hour < 40 * 24; hour += 5) {
      const now = start + hour * HOUR;
      if (hour < 12 * 24 && hour % 24 < 5) behaviour = foldEvents(behaviour, [{ name: "app_open", time: now }], policy); // active 12 days, then quiet
      const user = reachableUser({ behaviour });
      if (checkAgainstTwoCalls(engine, user, history, now).recorded) sent++;
      history = applyRecords(history, engine.due({ user, history, now }).records);
    }
    expect(sent).toBeGreaterThanOrEqual(2); // the survey on entering "active-7-days", the win-back after 14 quiet days
  });
});
