import { expect } from "vitest";
import { applyRecords, type Engine } from "../../src/index.js";
import type { UserScenario } from "../../src/testing/scenario-arbitrary.js";

/**
 * Runs a user's scenario through two engines built from one config, call by call — `decide`, `due`
 * and `nextCheckAt` at each event, the reference's records applied in between, then `explain` of
 * every campaign — and expects the candidate to answer exactly as the reference does. Returns how
 * many verdicts (decisions and suppressions) the reference gave, so that a test can check it is not vacuous.
 */
export function expectSameAnswers(reference: Engine, candidate: Engine, scenario: UserScenario): number {
  let verdicts = 0;
  let history = applyRecords(undefined, []);
  for (const event of scenario.events) {
    const input = { event, user: scenario.user, history, now: event.time };
    const result = reference.decide(input);
    expect(candidate.decide(input)).toEqual(result);
    expect(candidate.due(input)).toEqual(reference.due(input));
    expect(candidate.nextCheckAt(scenario.user, event.time, history)).toBe(reference.nextCheckAt(scenario.user, event.time, history));
    verdicts += result.decisions.length + result.suppressed.length;
    history = applyRecords(history, result.records);
  }
  const now = scenario.events[0]?.time ?? 0;
  for (const id of reference.campaignIds) expect(candidate.explain(id, { user: scenario.user, now })).toEqual(reference.explain(id, { user: scenario.user, now }));
  return verdicts;
}
