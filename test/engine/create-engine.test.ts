import { describe, expect, it } from "vitest";
import { ConfigError, createEngine, prepareConfig } from "../../src/index.js";
import { campaign, config, exampleConfig } from "../support/engine-fixtures.js";

function problemsOf(input: unknown): { path: string; message: string }[] {
  try {
    createEngine(input);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("createEngine", () => {
  it("accepts the bundled e-commerce example", () => {
    const engine = createEngine(exampleConfig());
    expect(engine.campaignIds).toContain("cart-abandonment");
    expect(engine.behaviour?.events.has("purchase")).toBe(true);
  });

  it("rejects what is not a config, with a path", () => {
    expect(problemsOf(null)).toEqual([{ path: "", message: expect.stringContaining("campaigns array") }]);
    expect(problemsOf({})).toEqual([{ path: "/campaigns", message: "must be an array of campaigns" }]);
    expect(problemsOf({ campaigns: [], colour: "red" })).toEqual([{ path: "/colour", message: expect.stringContaining('unknown section "colour"') }]);
  });

  it("reports every problem at once, each at its path", () => {
    const problems = problemsOf({
      segments: [{ id: "buyers", rule: { ">=": [{ event_count: "purchase" }, 1] } }],
      layers: [{ id: "hero" }],
      tags: ["marketing"],
      caps: { caps: [{ id: "c", scope: { tag: "markting" }, limit: 1, window: { calendar: "day" } }], quietHours: [{ id: "q", channels: ["fax"], from: "21:00", to: "08:00" }] },
      campaigns: [
        campaign("a", { audience: { include: ["buyerz"] }, tags: ["promo"] }),
        campaign("a", { trigger: { event: "tap", where: { "===": [1] } } }),
        campaign("b", { experiment: { variants: [{ id: "x" }], layer: { id: "hero-banner", range: [0, 1] } } }),
        campaign("c", { channels: ["in_app"], content: { in_app: { title: "{{ user.name | shout }}" } } }),
        campaign("d", { content: { push: { title: "x" }, email: { subject: "y" } } }),
        campaign("e", { trigger: { inactivity: { event: "app_open", for: "14d" } } }),
        campaign("f", { trigger: { event: "tap", cancelOn: ["purchase"] } }),
        { id: "g", category: "promotional" },
      ],
    });
    const paths = problems.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/caps/quietHours/0/channels/0",
        "/caps/caps/0/scope/tag",
        "/campaigns/0/audience/include/0",
        "/campaigns/0/tags/0",
        "/campaigns/1/id",
        "/campaigns/1/trigger/where",
        "/campaigns/2/experiment/layer/id",
        "/campaigns/3/format",
        "/campaigns/3/content/in_app/title",
        "/campaigns/4/content/email",
        "/campaigns/5/trigger/inactivity/event",
        "/campaigns/6/trigger/cancelOn",
        "/campaigns/7/channels",
        "/campaigns/7/trigger",
      ]),
    );
    const message = (path: string): string => problems.find((problem) => problem.path === path)?.message ?? "";
    expect(message("/campaigns/0/audience/include/0")).toBe('unknown segment "buyerz"');
    expect(message("/campaigns/1/id")).toContain('duplicate campaign id "a" (first at /campaigns/0)');
    expect(message("/campaigns/2/experiment/layer/id")).toContain('unknown layer "hero-banner"');
    expect(message("/campaigns/3/content/in_app/title")).toMatch(/shout/);
    expect(message("/caps/caps/0/scope/tag")).toContain("markting");
  });

  it("the error message summarises the first problem and counts the rest", () => {
    expect(() => createEngine(config([campaign("a", { audience: { include: ["x"] } }), campaign("b", { audience: { exclude: ["y"] } })]))).toThrow(
      'invalid engine config: unknown segment "x" at /campaigns/0/audience/include/0 (and 1 more problem)',
    );
  });

  it("checks references to channels, campaigns and placements in caps and arbitration", () => {
    const problems = problemsOf(
      config([campaign("a")], {
        caps: { cooldowns: [{ id: "x", scope: { campaign: "nope" }, interval: "1h" }], caps: [{ id: "y", scope: { channels: ["push", "pigeon"] }, limit: 1, window: { calendar: "day" } }] },
        arbitration: { placements: { sidebar: 1 } },
      }),
    );
    expect(problems.map((problem) => problem.path).sort()).toEqual(["/arbitration/placements/sidebar", "/caps/caps/0/scope/channels/1", "/caps/cooldowns/0/scope/campaign"]);
  });

  it("refuses rfm_score, whose models an engine config cannot define, saying so", () => {
    const problems = problemsOf(
      config([campaign("a", { trigger: { event: "tap", where: { ">=": [{ rfm_score: ["loyal", "f"] }, 3] } } })], {
        segments: [{ id: "loyal", rule: { ">=": [{ rfm_score: "loyal" }, 444] } }],
      }),
    );
    expect(problems.map((problem) => problem.path).sort()).toEqual(["/campaigns/0/trigger/where/>=/0", "/segments/0/rule/>=/0"]);
    for (const { message } of problems) expect(message).toContain("an engine config cannot define any");
  });

  // Regression (review of issue 20): a model name computed from data passed the check, and
  // createEngine ran the rule while loadEngine(prepareConfig(config)) refused it.
  it("refuses rfm_score with a model name computed from data too, in createEngine and prepareConfig alike", () => {
    const refused = config([campaign("a", { trigger: { event: "tap", where: { "!": { rfm_score: [{ var: "event.model" }] } } } })], {
      segments: [{ id: "s", rule: { "!": { rfm_score: [{ var: "user.model" }] } } }],
    });
    const problems = problemsOf(refused);
    expect(problems.map((problem) => problem.path).sort()).toEqual(["/campaigns/0/trigger/where/!", "/segments/0/rule/!"]);
    for (const { message } of problems) expect(message).toContain("an engine config cannot define any");
    expect(() => prepareConfig(refused)).toThrow(ConfigError);
  });

  it('refuses reEligibility "always" on a campaign without a triggering event: it would be sent on every due call (review of issue 19)', () => {
    const triggers = [{ inactivity: { event: "app_open", for: "1d" } }, { segmentEntry: "buyers" }, { scheduled: { at: "2026-12-01T09:00:00Z" } }];
    const problems = problemsOf({
      behaviour: { events: { app_open: {}, purchase: {} } },
      segments: [{ id: "buyers", rule: { ">=": [{ event_count: "purchase" }, 1] } }],
      campaigns: [...triggers.map((trigger, index) => campaign(`due-${index}`, { trigger, reEligibility: "always" })), campaign("event", { reEligibility: "always" })],
    });
    expect(problems).toEqual(triggers.map((_, index) => ({ path: `/campaigns/${index}/reEligibility`, message: expect.stringContaining('cannot be re-eligible "always"') })));
  });

  it("refuses a __proto__ key anywhere, records of names included (zod drops it there silently) (review of issue 19)", () => {
    const config = JSON.parse('{"arbitration":{"placements":{"__proto__":2}},"behaviour":{"events":{"__proto__":{}}},"campaigns":[]}');
    const problems = problemsOf(config);
    expect(problems).toContainEqual({ path: "/arbitration/placements/__proto__", message: 'key "__proto__" is reserved (it would reach Object.prototype)' });
    // Reported once where a schema already says it.
    expect(problems.filter((problem) => problem.path === "/behaviour/events/__proto__")).toEqual([{ path: "/behaviour/events/__proto__", message: expect.stringContaining('"__proto__" is reserved') }]);
  });

  it("refuses overlapping campaign experiments in one layer", () => {
    const layered = (id: string, range: [number, number]) => campaign(id, { experiment: { variants: [{ id: "v" }], layer: { id: "hero", range } } });
    const problems = problemsOf(config([layered("a", [0, 0.6]), layered("b", [0.5, 1])], { layers: [{ id: "hero" }] }));
    expect(problems).toEqual([{ path: "/campaigns/1/experiment/layer/range", message: expect.stringContaining("overlap") }]);
  });

  it("refuses channel settings the category forbids, at the campaign's path", () => {
    const problems = problemsOf(config([campaign("w", { category: "win_back", channels: ["in_app", "push"], format: "banner", content: { push: { title: "x" }, in_app: { title: "y" } } })]));
    expect(problems.some((problem) => problem.path === "/campaigns/0/channels/0")).toBe(true);
  });

  it("refuses a content field that could reach the prototype, and non-string templates", () => {
    const problems = problemsOf(config([campaign("a", { content: JSON.parse('{"push":{"__proto__":"x","body":3,"data":{"__proto__":"y","promo":4}}}') })]));
    expect(problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      "/campaigns/0/content/push/body: must be a string, not the number 3",
      '/campaigns/0/content/push/data/__proto__: field name "__proto__" must be a word (letters, digits, _), starting with a lower-case letter',
      "/campaigns/0/content/push/data/promo: must be a text template (a string)",
      '/campaigns/0/content/push: unknown key "__proto__" (known keys: title, subtitle, body, image, icon, deepLink, buttons, sound, badge, category, threadId, collapseKey, timeSensitive, data, platforms)',
    ]);
  });
});
