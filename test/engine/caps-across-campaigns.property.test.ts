import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRecords, createEngine, type CampaignInput, type EngineConfigInput, type EngineHistory } from "../../src/index.js";
import { type Delivery } from "../../src/caps/index.js";
import { HOUR, MINUTE, NOW, reachableUser } from "../support/engine-fixtures.js";

const SEED = 20261202;
type Scope = { tag: string } | { channel: string } | { all: true };

const channelsArbitrary = fc.subarray(["push", "email", "in_app"] as const, { minLength: 1 });
const campaignArbitrary = (id: string): fc.Arbitrary<CampaignInput> =>
  fc.record({ channels: channelsArbitrary, event: fc.constantFrom("a", "b"), tags: fc.subarray(["m", "n"]), onBlocked: fc.constantFrom("fallback", "defer"), strategy: fc.constantFrom("first-eligible", "all-eligible"), priority: fc.integer({ min: 0, max: 3 }) }).map(
    ({ channels, event, tags, onBlocked, strategy, priority }) =>
      ({
        id,
        category: "promotional",
        channels,
        ...(channels.includes("in_app") ? { format: "banner" } : {}),
        tags,
        onBlocked,
        strategy,
        priority,
        trigger: { event },
        content: Object.fromEntries(channels.map((channel) => [channel, channel === "email" ? { subject: id, text: id } : { title: id }])),
      }) as CampaignInput,
  );

const scopeArbitrary: fc.Arbitrary<Scope> = fc.oneof(fc.constantFrom({ tag: "m" }, { tag: "n" }), fc.constantFrom({ channel: "push" }, { channel: "email" }, { channel: "in_app" }), fc.constant({ all: true as const }));
const capsArbitrary = fc.record({
  caps: fc.array(fc.record({ scope: scopeArbitrary, limit: fc.integer({ min: 1, max: 3 }), hours: fc.integer({ min: 1, max: 24 }) }), { minLength: 1, maxLength: 3 }),
  cooldowns: fc.array(fc.record({ scope: scopeArbitrary, minutes: fc.integer({ min: 5, max: 120 }) }), { maxLength: 2 }),
});

const matches = (scope: Scope, delivery: Delivery): boolean => ("all" in scope ? true : "tag" in scope ? (delivery.tags ?? []).includes(scope.tag) : delivery.channel === scope.channel);

describe("caps across campaigns (generated configs)", () => {
  it("no rolling cap or cooldown is ever exceeded by the sends of several campaigns over a sequence of events", () => {
    fc.assert(
      fc.property(
        fc.tuple(campaignArbitrary("c1"), campaignArbitrary("c2"), campaignArbitrary("c3"), campaignArbitrary("c4")),
        capsArbitrary,
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 2 * HOUR }), event: fc.constantFrom("a", "b") }), { minLength: 1, maxLength: 30 }),
        (campaigns, caps, steps) => {
          const config: EngineConfigInput = {
            tags: ["m", "n"],
            campaigns: [...campaigns],
            caps: {
              caps: caps.caps.map((cap, index) => ({ id: `cap-${index}`, scope: cap.scope, limit: cap.limit, window: { rolling: `${cap.hours}h` } })),
              cooldowns: caps.cooldowns.map((cooldown, index) => ({ id: `cooldown-${index}`, scope: cooldown.scope, interval: `${cooldown.minutes}m` })),
            },
          };
          const engine = createEngine(config);
          let history: Required<EngineHistory> = { deliveries: [], exposures: [], pending: [], engagement: [], journeys: [] };
          let now = NOW;
          for (const step of steps) {
            now += step.gap;
            history = applyRecords(history, engine.decide({ event: { name: step.event }, user: reachableUser(), history, now }).records);
          }
          const sent = [...history.deliveries].sort((a, b) => a.at - b.at);
          caps.caps.forEach((cap, index) => {
            const inScope = sent.filter((delivery) => matches(cap.scope, delivery));
            for (const delivery of inScope) {
              const inWindow = inScope.filter((other) => other.at > delivery.at - cap.hours * HOUR && other.at <= delivery.at).length;
              expect(inWindow, `cap-${index}`).toBeLessThanOrEqual(cap.limit);
            }
          });
          caps.cooldowns.forEach((cooldown, index) => {
            const inScope = sent.filter((delivery) => matches(cooldown.scope, delivery));
            for (let position = 1; position < inScope.length; position++) expect(inScope[position]!.at - inScope[position - 1]!.at, `cooldown-${index}`).toBeGreaterThanOrEqual(cooldown.minutes * MINUTE);
          });
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
