import { describe, expect, it } from "vitest";
import { assertCriticalNotInAppOnly, checkCriticalNotInAppOnly, CRITICAL_CATEGORIES, InvariantError } from "../../src/testing/index.js";
import { exampleConfig, SEED } from "./fixtures.js";

const notice = (id: string, category: string, channels: string[]) => ({
  id,
  category,
  channels,
  format: "modal",
  trigger: { event: "tap" },
  content: Object.fromEntries(channels.map((channel) => [channel, channel === "email" ? { subject: "Notice", text: "Notice" } : channel === "sms" ? { text: "Notice" } : { title: "Notice" }])),
});

describe("checkCriticalNotInAppOnly", () => {
  it("holds on the example, sampling its critical campaigns", () => {
    const report = checkCriticalNotInAppOnly(exampleConfig(), { seed: SEED, numRuns: 40 });
    expect(report.ok).toBe(true);
    expect(report.runs).toBe(40);
    expect(report.message).toMatch(/^none of 2 campaign\(s\) of critical categories/);
  });

  it("names a regulatory campaign that is in-app only, although createEngine refuses it", () => {
    const report = checkCriticalNotInAppOnly({ campaigns: [notice("terms", "regulatory", ["in_app"])] });
    expect(report.ok).toBe(false);
    expect(report.counterexample!.campaigns).toEqual([{ campaignId: "terms", path: "/campaigns/0/channels", category: "regulatory", channels: ["in_app"] }]);
    expect(report.configProblems?.[0]?.path).toBe("/campaigns/0/channels");
    expect(report.message).toContain("terms (regulatory) at /campaigns/0/channels");
    expect(() => assertCriticalNotInAppOnly({ campaigns: [notice("terms", "regulatory", ["in_app"])] })).toThrow(InvariantError);
  });

  it("catches what createEngine accepts: a policy letting a critical category go in-app alone", () => {
    const channels = { categories: { regulatory: { inAppAlone: true } } };
    const listed = checkCriticalNotInAppOnly({ channels, campaigns: [notice("terms", "regulatory", ["in_app"])] });
    expect(listed.ok).toBe(false);
    expect(listed.configProblems).toBeUndefined();
    // Email and in-app listed, but a user whose email cannot be used gets the notice in-app alone.
    const decided = checkCriticalNotInAppOnly({ channels, campaigns: [notice("terms", "regulatory", ["email", "in_app"])] }, { seed: SEED, numRuns: 100 });
    expect(decided.ok).toBe(false);
    expect(decided.counterexample!.campaigns).toEqual([]);
    const decision = decided.counterexample!.decision!;
    expect(decision.campaignId).toBe("terms");
    expect(decision.decisions.map((entry) => entry.channel)).toEqual(["in_app"]);
    expect(decided.message).toMatch(/terms \(regulatory\) was sent in-app alone to user ".*" on tap/);
  });

  it("treats a custom category whose policy never goes in-app alone as critical", () => {
    const channels = { categories: { recall: { channels: ["push", "in_app"], inAppAlone: false } } };
    const report = checkCriticalNotInAppOnly({ channels, campaigns: [notice("recall-1", "recall", ["push", "in_app"])] }, { seed: SEED, numRuns: 30 });
    expect(report.ok).toBe(true);
    expect(report.message).toContain("recall");
    expect(CRITICAL_CATEGORIES).toEqual(["urgent", "security", "payment_failure", "outage", "regulatory", "legal"]);
  });
});
