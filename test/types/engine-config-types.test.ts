/**
 * The config types a TypeScript user meets first. The `@ts-expect-error` lines are checked by
 * `npm run typecheck` (tsconfig.dev.json covers test/): each must be a type error, or the
 * typecheck fails. Each call also runs, so the run-time check is seen to agree.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import examplePrepared from "./fixtures/prepared-config.json";
import exampleConfigJson from "../../examples/ecommerce/campaigns.json";
import { ConfigError, createEngine, prepareConfig, type CampaignInput, type ContentButton, type Engine, type EngineConfigInput, type PreparedConfig, type SurveyQuestion } from "../../src/index.js";
import { loadEngine } from "../../src/runtime/index.js";
import type { BuiltInCategory } from "../../src/channels/index.js";

const push = { channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "Hi" } } } as const;

describe("createEngine's config type", () => {
  it("a config written in place compiles and makes an engine", () => {
    const engine = createEngine({ timeZone: "Europe/Paris", campaigns: [{ id: "a", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "Hi" } } }] });
    expectTypeOf(engine).toEqualTypeOf<Engine>();
    expect(engine.campaignIds).toEqual(["a"]);
  });

  it("a typo'd key is a type error (and a ConfigError)", () => {
    // @ts-expect-error "timezone" is not a key of the config ("timeZone" is)
    expect(() => createEngine({ timezone: "Europe/Paris", campaigns: [] })).toThrow(ConfigError);
    // @ts-expect-error "priorty" is not a key of a campaign
    expect(() => createEngine({ campaigns: [{ id: "a", category: "promotional", priorty: 1, ...push }] })).toThrow(ConfigError);
    // @ts-expect-error "evnt" is not a trigger's key
    expect(() => createEngine({ campaigns: [{ id: "a", category: "promotional", channels: ["push"], trigger: { evnt: "tap" }, content: { push: { title: "Hi" } } }] })).toThrow(ConfigError);
  });

  it("a wrong value is a type error (and a ConfigError)", () => {
    // @ts-expect-error "fax" is not a channel
    expect(() => createEngine({ campaigns: [{ id: "a", category: "promotional", channels: ["fax"], trigger: { event: "tap" } }] })).toThrow(ConfigError);
    // @ts-expect-error a priority is a number
    expect(() => createEngine({ campaigns: [{ id: "a", category: "promotional", priority: "high", ...push }] })).toThrow(ConfigError);
  });

  it("an unknown category is a type error (and a ConfigError)", () => {
    // @ts-expect-error "promo" is neither a built-in category nor declared in channels.categories
    expect(() => createEngine({ campaigns: [{ id: "a", category: "promo", ...push }] })).toThrow(ConfigError);
    // @ts-expect-error "birthday" is declared, "birthdays" is not
    expect(() => createEngine({ channels: { categories: { birthday: { channels: ["push"] } } }, campaigns: [{ id: "a", category: "birthdays", ...push }] })).toThrow(ConfigError);
  });

  it("a custom category declared in the config's channels.categories is accepted", () => {
    const engine = createEngine({ channels: { categories: { birthday: { channels: ["push", "email"] } } }, campaigns: [{ id: "a", category: "birthday", ...push }] });
    expect(engine.campaignIds).toEqual(["a"]);
    expect(prepareConfig({ channels: { categories: { birthday: { channels: ["push"] } } }, campaigns: [{ id: "a", category: "birthday", ...push }] }).format).toBe("nudgekit.prepared-config");
  });

  it("a config written `as const` is accepted, and checked the same way", () => {
    const frozen = { timeZone: "Europe/Paris", caps: { quietHours: [{ id: "night", channels: ["push"], from: "21:00", to: "08:00" }] }, campaigns: [{ id: "a", category: "promotional", ...push }] } as const;
    expect(createEngine(frozen).campaignIds).toEqual(["a"]);
    const misnamed = { campaigns: [{ id: "a", category: "promo", ...push }] } as const;
    // @ts-expect-error "promo" is not a category
    expect(() => createEngine(misnamed)).toThrow(ConfigError);
  });

  it("JSON.parse(…), an unknown, a JSON module and a typed config are accepted as they are, and checked at run time", () => {
    const text = JSON.stringify(exampleConfigJson);
    expect(createEngine(JSON.parse(text)).campaignIds).toContain("cart-abandonment");
    const parsed: unknown = JSON.parse(text);
    expect(createEngine(parsed).campaignIds).toContain("cart-abandonment");
    expect(createEngine(exampleConfigJson).campaignIds).toContain("cart-abandonment");
    const typed: EngineConfigInput = { campaigns: [{ id: "a", category: "my-own", channels: ["push"], trigger: { event: "tap" } }] };
    expect(() => createEngine(typed)).toThrow(ConfigError); // "my-own" is not declared: only the run time can tell
    const record: Record<string, unknown> = { campaigns: [] };
    expect(createEngine(record).campaignIds).toEqual([]);
    // As a function from unknown, e.g. for a config loader.
    const compile: (config: unknown) => Engine = createEngine;
    expect(compile({ campaigns: [] }).campaignIds).toEqual([]);
  });

  it("CampaignInput and EngineConfigInput offer the built-in categories and take any other name", () => {
    expectTypeOf<"promotional">().toMatchTypeOf<BuiltInCategory>();
    expectTypeOf<"birthday">().toMatchTypeOf<CampaignInput["category"]>();
    expectTypeOf<CampaignInput<BuiltInCategory>["category"]>().toEqualTypeOf<BuiltInCategory>();
    // @ts-expect-error with the categories given, another name is an error
    const campaign: CampaignInput<"promotional"> = { id: "a", category: "urgent", channels: ["push"], trigger: { event: "tap" } };
    expect(campaign.category).toBe("urgent");
  });
});

describe("content types", () => {
  it("a content field's typo, wrong type or unknown action is a type error (and a ConfigError)", () => {
    const campaign = { id: "a", category: "promotional", channels: ["push"], trigger: { event: "tap" } } as const;
    // @ts-expect-error "titel" is not a push field ("title" is)
    expect(() => createEngine({ campaigns: [{ ...campaign, content: { push: { titel: "Hi" } } }] })).toThrow(ConfigError);
    // @ts-expect-error a title is a text template, not a number
    expect(() => createEngine({ campaigns: [{ ...campaign, content: { push: { title: 1 } } }] })).toThrow(ConfigError);
    // @ts-expect-error "deeplink" is not an action type ("deep_link" is)
    expect(() => createEngine({ campaigns: [{ ...campaign, content: { push: { title: "Hi", buttons: [{ id: "b", label: "B", action: { type: "deeplink", url: "shop://x" } }] } } }] })).toThrow(ConfigError);
    // @ts-expect-error a platform's override has the channel's fields
    expect(() => createEngine({ campaigns: [{ ...campaign, content: { push: { title: "Hi", platforms: { ios: { subject: "x" } } } } }] })).toThrow(ConfigError);
  });

  it("a decision's content is typed: buttons, cards and questions autocomplete", () => {
    const engine = createEngine({ campaigns: [{ ...push, id: "a", category: "promotional" }] });
    const [decision] = engine.decide({ event: { name: "tap" }, user: { id: "u", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } }, now: 0 }).decisions;
    expectTypeOf(decision!.content.title).toEqualTypeOf<string | undefined>();
    expectTypeOf(decision!.content.buttons).toEqualTypeOf<ContentButton[] | undefined>();
    expectTypeOf(decision!.content.questions).toEqualTypeOf<SurveyQuestion[] | undefined>();
    expect(decision!.content).toEqual({ title: "Hi" });
  });
});

describe("PreparedConfig", () => {
  it("JSON.parse(text) as PreparedConfig and a prepared JSON module as PreparedConfig compile", () => {
    const text = JSON.stringify(prepareConfig(exampleConfigJson));
    const parsed = JSON.parse(text) as PreparedConfig;
    expect(loadEngine(parsed).campaignIds).toContain("cart-abandonment");
    // A prepared file imported as a JSON module: its inferred types (number[] for pairs, string
    // for literals) are not the exact ones, and the conversion must still type-check.
    const imported = examplePrepared as PreparedConfig;
    expectTypeOf(imported.format).toEqualTypeOf<"nudgekit.prepared-config">();
    expect(imported.format).toBe("nudgekit.prepared-config");
  });
});
