// The complete example of docs/testing.md, run as written. Keep it identical to the doc except for
// the import paths (test/testing/docs-sync.test.ts checks that).
import fc from "fast-check";
import { describe, it } from "vitest";
import { createEngine } from "../../src/index.js";
import {
  assertCriticalNotInAppOnly,
  assertDailyMessageLimit,
  assertCampaignLayers,
  assertReachability,
  configVocabulary,
  eventArbitrary,
  profileArbitrary,
} from "../../src/testing/index.js";
import config from "../../examples/ecommerce/campaigns.json" with { type: "json" };

// A fixed seed: CI runs the same cases every time, and a failure replays anywhere.
const SEED = 20261123;

describe("campaigns.json", () => {
  // Throws a ConfigError listing every problem, with its JSON pointer.
  const engine = createEngine(config);
  const vocabulary = configVocabulary(config);

  it("sends nobody more than 6 messages a day, nor more than 3 pushes", () => {
    assertDailyMessageLimit(config, { maxPerDay: 6, seed: SEED, numRuns: 30 });
    assertDailyMessageLimit(config, { maxPerDay: 3, channels: ["push"], seed: SEED, numRuns: 30 });
  });

  it("can send every active campaign to someone", () => {
    assertReachability(config, { seed: SEED });
  });

  it("never shows one user two experiments of the same layer", () => {
    assertCampaignLayers(config, { seed: SEED });
  });

  it("never sends an urgent or regulatory message in-app alone", () => {
    assertCriticalNotInAppOnly(config, { seed: SEED, numRuns: 60 });
  });

  it("respects every user's channel opt-outs", () => {
    const now = fc.integer({ min: Date.parse("2026-11-01T00:00:00Z"), max: Date.parse("2026-12-31T00:00:00Z") });
    fc.assert(
      fc.property(profileArbitrary({ vocabulary }), eventArbitrary({ vocabulary }), now, (user, event, at) => {
        const { decisions } = engine.decide({ event, user, now: at });
        return decisions.every((decision) => user.preferences?.channels?.[decision.channel] !== false);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
