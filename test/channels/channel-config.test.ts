import { describe, expect, it } from "vitest";
import { ChannelConfigError, chooseChannel, compileChannelCampaign, compileChannelPolicy, DEFAULT_CATEGORY_POLICIES } from "../../src/channels/index.js";
import { LocatedProblemsError } from "../../src/rules/index.js";
import { NOW, reachableUser } from "../support/channel-fixtures.js";

function problemsOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelConfigError);
    expect(error).toBeInstanceOf(LocatedProblemsError);
    return [...(error as ChannelConfigError).problems];
  }
  throw new Error("expected a ChannelConfigError");
}

describe("channel policy validation", () => {
  it("the built-in policy has every category of the defaults", () => {
    const policy = compileChannelPolicy();
    expect([...policy.categories.keys()]).toEqual(Object.keys(DEFAULT_CATEGORY_POLICIES));
    expect(policy.defaultTimeZone).toBe("UTC");
    expect(compileChannelPolicy()).toBe(policy);
  });

  it("reports every problem at once, each with its path", () => {
    const problems = problemsOf(() =>
      compileChannelPolicy({
        categories: {
          newsletter: { strategy: "first-eligible" },
          security: { legalBasis: ["push", "email"], channels: ["in_app", "in_app"] },
          promotional: { strategy: "loudest" },
          Marketing: { channels: ["email"] },
        },
        surfaces: { hologram: ["web"], carousel: [] },
        engagementPrior: { alpha: 0, beta: 1 },
        defaultTimeZone: "Mars/Olympus",
        extra: true,
      }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining(["/categories/Marketing", "/categories/promotional/strategy", "/surfaces", "/surfaces/carousel", "/engagementPrior/alpha", "/defaultTimeZone", ""]),
    );
    // Cross-field problems come once the shape is right.
    const semantic = problemsOf(() => compileChannelPolicy({ categories: { newsletter: { strategy: "first-eligible" }, security: { legalBasis: ["push", "email"], channels: ["in_app", "in_app"] } } }));
    expect(semantic).toEqual([
      { path: "/categories/newsletter/channels", message: "a new category must list its channels" },
      { path: "/categories/security/channels/1", message: "lists in_app twice" },
      { path: "/categories/security/legalBasis/0", message: "push needs the user's own opt-in: a legal basis cannot replace it" },
      { path: "/categories/security/channels", message: "never sends in-app alone (inAppAlone: false), so it needs a channel that reaches users outside the app" },
    ]);
  });

  it("a __proto__ category is reported, not silently dropped", () => {
    const problems = problemsOf(() => compileChannelPolicy(JSON.parse('{"categories": {"__proto__": {"channels": ["email"]}}}')));
    expect(problems).toEqual([{ path: "/categories/__proto__", message: "is not a valid category name (lower case letters, digits, _ or -, starting with a letter)" }]);
    expect(({} as { channels?: unknown }).channels).toBeUndefined();
  });

  it("non-object policies are refused with a message", () => {
    for (const bad of [null, 42, "policy", []]) expect(() => compileChannelPolicy(bad)).toThrow(ChannelConfigError);
  });

  it("is compiled once per object and immutable", () => {
    const input = { categories: { newsletter: { channels: ["email"] } } };
    const policy = compileChannelPolicy(input);
    expect(compileChannelPolicy(input)).toBe(policy);
    expect(compileChannelPolicy(policy)).toBe(policy);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.categories.get("newsletter"))).toBe(true);
    expect(policy.categories.get("newsletter")).toMatchObject({ channels: ["email"], strategy: "first-eligible", inAppAlone: true, legalBasis: [] });
  });
});

describe("campaign channel settings", () => {
  it("reports every problem at once, each with its path", () => {
    expect(problemsOf(() => compileChannelCampaign({ id: "", category: "promotional", channels: [], format: "hologram", strategy: "random", extra: 1 })).map((problem) => problem.path)).toEqual(
      expect.arrayContaining(["/id", "/channels", "/format", "/strategy", ""]),
    );
    expect(problemsOf(() => compileChannelCampaign({ id: "c", category: "onboarding", channels: ["in_app", "email", "in_app", "fax"] }))).toEqual([
      { path: "/channels/3", message: 'must be one of "in_app", "push", "web_push", "email" or "sms", not the text "fax"' },
    ]);
    expect(problemsOf(() => compileChannelCampaign({ id: "c", category: "onboarding", channels: ["in_app", "email", "in_app"] }))).toEqual([
      { path: "/channels/1", message: "email is not a channel of the onboarding category (it allows in_app, push, web_push)" },
      { path: "/channels/2", message: "lists in_app twice" },
    ]);
  });

  it("an unknown category names the known ones", () => {
    expect(problemsOf(() => compileChannelCampaign({ id: "c", category: "newsletter", channels: ["email"] }))).toEqual([
      { path: "/category", message: expect.stringMatching(/^unknown category "newsletter" \(known: urgent, security, .*promotional\)$/) },
    ]);
    // …and one the policy adds is known.
    expect(compileChannelCampaign({ id: "c", category: "newsletter", channels: ["email"] }, { categories: { newsletter: { channels: ["email"] } } }).category).toBe("newsletter");
  });

  it("campaign settings replace the category's strategy and onBlocked; the category's order applies when it says so", () => {
    const campaign = compileChannelCampaign({ id: "c", category: "upsell", channels: ["push", "in_app"], strategy: "best-engagement", onBlocked: "defer" });
    expect(campaign).toMatchObject({ strategy: "best-engagement", onBlocked: "defer", channels: ["in_app", "push"] });
    expect(compileChannelCampaign({ id: "c", category: "promotional", channels: ["push", "in_app"] }).channels).toEqual(["push", "in_app"]);
  });

  it("is compiled once per campaign object and policy", () => {
    const input = { id: "c", category: "promotional", channels: ["email"] as "email"[] };
    const campaign = compileChannelCampaign(input);
    expect(compileChannelCampaign(input)).toBe(campaign);
    expect(compileChannelCampaign(campaign)).toBe(campaign);
    const other = compileChannelPolicy({ categories: { promotional: { strategy: "all-eligible" } } });
    expect(compileChannelCampaign(input, other).strategy).toBe("all-eligible");
  });

  it("chooseChannel validates what it is given, and a compiled campaign carries its policy", () => {
    expect(() => chooseChannel({ id: "c", category: "nope", channels: ["email"] }, reachableUser(), NOW)).toThrow(/invalid campaign channels: unknown category "nope"/);
    const policy = { categories: { promotional: { strategy: "all-eligible" as const } } };
    const compiled = compileChannelCampaign({ id: "c", category: "promotional", channels: ["push", "email"] }, policy);
    expect(chooseChannel(compiled, reachableUser(), NOW).deliveries).toHaveLength(2);
  });

  it("an invalid cap policy is a CapPolicyError", () => {
    expect(() => chooseChannel({ id: "c", category: "promotional", channels: ["email"] }, reachableUser(), NOW, { caps: { policy: { caps: [{ id: "x" }] } as never, history: { deliveries: [] } } })).toThrow(
      expect.objectContaining({ name: "CapPolicyError" }),
    );
  });
});
