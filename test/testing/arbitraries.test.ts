import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/index.js";
import { assignVariant, compileExperiment } from "../../src/experiments/index.js";
import { behaviouralOperators, parseAggregates } from "../../src/segments/index.js";
import { compileCapPolicy } from "../../src/caps/index.js";
import { compileRule } from "../../src/rules/index.js";
import { isChannel } from "../../src/channels/index.js";
import {
  campaignArbitrary,
  capPolicyArbitrary,
  configVocabulary,
  engineConfigArbitrary,
  eventArbitrary,
  eventSequenceArbitrary,
  experimentArbitrary,
  profileArbitrary,
  ruleArbitrary,
} from "../../src/testing/index.js";
import { exampleConfig, SEED } from "./fixtures.js";

const runs = (numRuns: number) => ({ seed: SEED, numRuns });

describe("configVocabulary", () => {
  it("extracts the example's events, paths, constants, instants and names", () => {
    const vocabulary = configVocabulary(exampleConfig());
    expect(vocabulary.triggerEvents).toEqual(["add_to_cart", "app_open", "checkout_started", "payment_failed", "signup"]);
    expect(vocabulary.events).toEqual(["add_to_cart", "app_open", "checkout_started", "nps_submitted", "payment_failed", "product_viewed", "purchase", "signup"]);
    expect(vocabulary.behaviourEvents).toEqual(["app_open", "nps_submitted", "purchase", "signup"]);
    expect(vocabulary.paths).toEqual(["event.properties.category", "event.properties.value"]);
    expect(vocabulary.constants).toEqual({ "event.properties.category": ["chips"], "event.properties.value": [0, -1, 1] });
    expect(vocabulary.eventProperties.add_to_cart).toEqual({ category: ["chips"], price: [0, 1, 9.99, 25, 120] });
    expect(vocabulary.eventProperties.checkout_started).toEqual({ value: [0, -1, 1] });
    expect(vocabulary.segmentEvents["active-7-days"]).toEqual({ events: ["app_open"], include: [], exclude: [] });
    expect(vocabulary.instants.map((at) => new Date(at).toISOString())).toEqual(["2026-11-10T00:00:00.000Z", "2026-11-20T10:00:00.000Z", "2026-12-31T00:00:00.000Z"]);
    expect(vocabulary).toMatchObject({ timeZone: "Europe/Paris", placements: ["cart"], segments: ["new-users", "active-7-days", "buyers", "nps-answered"] });
  });

  it("collects user fields and the constants compared with them, through engagement operators too", () => {
    const where = { and: [{ "==": [{ var: "user.attributes.plan" }, "pro"] }, { any_in: [{ var: "user.tags" }, ["vip"]] }, { "<=": [18, { var: "user.age" }, 30] }, { version_gte: [{ var: "session.app_version" }, "5.2"] }] };
    const vocabulary = configVocabulary({ campaigns: [{ id: "c", category: "promotional", channels: ["push"], trigger: { event: "tap", where }, content: { push: { title: "t" } } }] });
    expect(vocabulary.userFields).toEqual({ age: [18, 17, 19, 30, 29, 31, 24], "attributes.plan": ["pro"], tags: ["vip", ["vip"]] });
    expect(vocabulary.sessionFields).toEqual({ app_version: ["5.2", "0.0.1", "999.0.0"] });
  });

  it("never throws, whatever it is given", () => {
    fc.assert(fc.property(fc.anything(), (value) => void configVocabulary(value)), runs(200));
  });
});

describe("arbitraries", () => {
  it("every generated engine config is accepted by createEngine", () => {
    fc.assert(fc.property(engineConfigArbitrary({ inactive: true, maxCampaigns: 4 }), (config) => void createEngine(config)), runs(30));
  });

  it("every generated campaign fits the example config (its segments, events, tags and placements)", () => {
    const example = exampleConfig();
    const vocabulary = configVocabulary(example);
    const campaigns = campaignArbitrary({ id: "generated", vocabulary, trackedEvents: vocabulary.trackedEvents, segments: vocabulary.segments, tags: vocabulary.tags, placements: vocabulary.placements });
    fc.assert(fc.property(campaigns, (campaign) => void createEngine({ ...example, campaigns: [...example.campaigns, campaign] })), runs(40));
  });

  it("every generated rule compiles, with behavioural operators when asked for", () => {
    const vocabulary = configVocabulary(exampleConfig());
    fc.assert(fc.property(ruleArbitrary({ paths: vocabulary.paths, constants: vocabulary.constants, maxDepth: 3 }), (rule) => void compileRule(rule)), runs(300));
    const operators = behaviouralOperators();
    fc.assert(fc.property(ruleArbitrary({ behaviourEvents: ["purchase"], engagement: false }), (rule) => void compileRule(rule, { operators })), runs(200));
  });

  it("rules over the vocabulary hit both outcomes on generated events", () => {
    const vocabulary = configVocabulary(exampleConfig());
    const rule = compileRule({ "==": [{ var: "event.properties.category" }, "chips"] });
    const outcomes = fc.sample(eventArbitrary({ vocabulary, names: ["add_to_cart"] }), runs(100)).map((event) => rule({ event }));
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });

  it("cap policies and experiments are valid", () => {
    fc.assert(fc.property(capPolicyArbitrary({ tags: ["marketing"], campaigns: ["a"], placements: ["home"] }), (policy) => void compileCapPolicy(policy)), runs(200));
    fc.assert(
      fc.property(experimentArbitrary({ layer: { id: "L", range: [0.2, 0.7] } }), fc.string({ minLength: 1 }), (experiment, unit) => {
        const compiled = compileExperiment(experiment);
        const { variantId } = assignVariant(compiled, unit);
        return variantId === null || compiled.variantIds.includes(variantId);
      }),
      runs(200),
    );
  });

  it("profiles: string ids, mostly valid zones, consents, fields the rules read, and valid aggregates", () => {
    const example = exampleConfig();
    const config = { ...example, campaigns: [{ id: "pro", category: "promotional", channels: ["push"], trigger: { event: "tap", where: { "==": [{ var: "user.attributes.plan" }, "pro"] } }, content: { push: { title: "t" } } }] };
    const vocabulary = configVocabulary(config);
    const profiles = fc.sample(profileArbitrary({ vocabulary, behaviour: { policy: example.behaviour as never, now: "2026-11-23T12:00:00Z" } }), runs(100));
    for (const profile of profiles) {
      expect(typeof profile.id).toBe("string");
      expect(profile.consents).toBeDefined();
      expect(() => parseAggregates(profile.behaviour)).not.toThrow();
    }
    expect(profiles.some((profile) => profile.attributes.plan === "pro")).toBe(true);
    expect(profiles.some((profile) => (profile.behaviour?.events as Record<string, unknown> | undefined)?.app_open !== undefined)).toBe(true);
    const zones = profiles.map((profile) => profile.timeZone);
    expect(zones.filter((zone) => zone === "Europe/Paris").length).toBeGreaterThan(0);
    expect(zones.some((zone) => zone === undefined || zone === "Mars/Olympus" || zone === "" || zone === "+25:00" || zone === "__proto__")).toBe(true);
    expect(fc.sample(profileArbitrary({ invalidTimeZones: false, timeZones: ["Asia/Tokyo"] }), runs(30)).every((profile) => profile.timeZone === "Asia/Tokyo")).toBe(true);
  });

  it("event sequences are time-ordered, within their span, with unique ids and known names", () => {
    const vocabulary = configVocabulary(exampleConfig());
    const start = Date.parse("2026-11-23T08:00:00Z");
    fc.assert(
      fc.property(eventSequenceArbitrary({ start, spanDays: 2, minEvents: 2, maxEvents: 30, vocabulary }), (events) => {
        expect(events.length).toBeGreaterThanOrEqual(2);
        expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
        events.forEach((event, index) => {
          expect(vocabulary.events).toContain(event.name);
          expect(event.time).toBeGreaterThanOrEqual(index === 0 ? start : events[index - 1]!.time);
          expect(event.time).toBeLessThanOrEqual(start + 2 * 86_400_000);
        });
      }),
      runs(100),
    );
  });

  it("are deterministic for a seed", () => {
    const vocabulary = configVocabulary(exampleConfig());
    const arbitraries: fc.Arbitrary<unknown>[] = [
      ruleArbitrary({ paths: vocabulary.paths, constants: vocabulary.constants }),
      profileArbitrary({ vocabulary }),
      eventArbitrary({ vocabulary }),
      eventSequenceArbitrary({ start: "2026-11-23T08:00:00Z", vocabulary }),
      campaignArbitrary(),
      engineConfigArbitrary(),
      capPolicyArbitrary(),
      experimentArbitrary(),
    ];
    for (const arbitrary of arbitraries) {
      const first = JSON.stringify(fc.sample(arbitrary, { seed: 42, numRuns: 5 }));
      expect(JSON.stringify(fc.sample(arbitrary, { seed: 42, numRuns: 5 }))).toBe(first);
      expect(JSON.stringify(fc.sample(arbitrary, { seed: 43, numRuns: 5 }))).not.toBe(first);
    }
  });

  it("generated configs decide on generated users and events without throwing, on listed channels", () => {
    fc.assert(
      fc.property(engineConfigArbitrary({ maxCampaigns: 3 }), fc.integer({ min: 0, max: 1_000 }), (config, pick) => {
        const engine = createEngine(config);
        const vocabulary = configVocabulary(config);
        const [user, event] = fc.sample(fc.tuple(profileArbitrary({ vocabulary }), eventArbitrary({ vocabulary })), { seed: pick, numRuns: 1 })[0]!;
        for (const decision of engine.decide({ event, user, now: "2026-11-23T12:00:00Z" }).decisions) expect(isChannel(decision.channel)).toBe(true);
      }),
      runs(25),
    );
  });
});
