import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assignVariant, checkLayerExclusivity, compileExperiment, type Experiment, type GlobalHoldout } from "../src/experiments/index.js";
import { compileRule, validateRule } from "../src/rules/index.js";
import { chooseChannel, compileChannelCampaign, compileChannelPolicy } from "../src/channels/index.js";
import { compileSegments, foldEventsWithReport, type AggregatePolicyInput, type SegmentSetOptions } from "../src/segments/index.js";
import { generateExample, toJsonl } from "../examples/ecommerce/generate-events.js";
import { userStory } from "../examples/ecommerce/user-story.js";

const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../examples/${name}`, import.meta.url)), "utf8")) as unknown;
const rules = read("trigger-rules.json") as { id: string; rule: unknown }[];
const inputs = read("inputs.json") as { label: string; data: unknown }[];

describe("the bundled examples (npm run demo)", () => {
  it.each(rules.map((trigger) => [trigger.id, trigger.rule] as const))("%s is a valid rule", (_id, rule) => {
    expect(validateRule(rule)).toEqual([]);
  });

  it("fire exactly where the demo says they do", () => {
    const fired = inputs.map((input) => rules.filter((trigger) => compileRule(trigger.rule)(input.data) === true).map((trigger) => trigger.id));
    expect(fired).toEqual([
      ["cart-abandonment-push", "team-upgrade-nudge", "camera-cross-sell"],
      ["win-back-daytime"],
      ["near-store-offer", "team-upgrade-nudge", "weekend-brunch-card"],
      [],
    ]);
  });

  it("experiments are valid, layer-exclusive, and assign as the demo prints", () => {
    const { holdout, experiments } = read("experiments.json") as { holdout: GlobalHoldout; experiments: Experiment[] };
    experiments.forEach((experiment) => compileExperiment(experiment));
    expect(checkLayerExclusivity(experiments)).toEqual([]);
    const byId = new Map(experiments.map((experiment) => [experiment.id, experiment]));
    const assign = (experimentId: string, unitId: string) => {
      const assignment = assignVariant(byId.get(experimentId)!, unitId, { holdout });
      return [assignment.variantId, assignment.reason];
    };
    expect(assign("cart-abandonment-push", "u-ada")).toEqual(["reminder", "assigned"]);
    expect(assign("team-upgrade-nudge", "u-ada")).toEqual(["control", "assigned"]);
    expect(assign("near-store-offer", "u-chloe")).toEqual(["control", "assigned"]);
    expect(assign("weekend-brunch-card", "u-chloe")).toEqual([null, "other-experiment-in-layer"]);
    expect(assign("cart-abandonment-push", "qa-device-1")).toEqual(["reminder-with-discount", "forced"]);
  });

  it("segments: each user's memberships, folds and next change are what the demo prints", () => {
    const example = read("segments.json") as {
      now: string;
      policy: AggregatePolicyInput;
      options: SegmentSetOptions;
      segments: unknown[];
      users: { id: string; attributes: unknown; events: unknown[] }[];
    };
    const segments = compileSegments(example.segments, example.options);
    const rows = example.users.map((user) => {
      const folded = foldEventsWithReport(null, user.events, example.policy, { now: example.now });
      const profile = { id: user.id, attributes: user.attributes, behaviour: folded.aggregates };
      const next = segments.nextChangeAt(undefined, profile, example.now);
      return {
        id: user.id,
        report: [folded.accepted, folded.duplicates, folded.untracked, folded.rejected.map((rejection) => rejection.reason)],
        segments: segments.segmentsOf(profile, example.now),
        next: next === null ? null : new Date(next).toISOString(),
      };
    });
    expect(rows).toEqual([
      {
        id: "u-ada",
        report: [17, 0, 0, []],
        segments: ["active-this-week", "on-a-streak", "buyers-30d", "big-spenders", "champions", "upsell-free-buyers"],
        next: "2026-11-24T00:00:00.000Z",
      },
      { id: "u-bo", report: [6, 0, 0, []], segments: ["paying-plan", "dormant", "win-back"], next: "2027-11-25T00:00:00.000Z" },
      { id: "u-chloe", report: [3, 0, 0, []], segments: ["never-purchased", "new-users"], next: "2026-11-28T00:00:00.000Z" },
      { id: "u-dev", report: [7, 2, 1, ["invalid-time"]], segments: ["paying-plan", "big-spenders", "new-users"], next: "2026-11-24T00:00:00.000Z" },
    ]);
  });

  it("channels: what each user gets from each campaign, and when, is what the demo prints", () => {
    const example = read("channels.json") as {
      now: string;
      policy: unknown;
      caps: never;
      campaigns: unknown[];
      users: { label: string; user: unknown; history: { at: string; channel: string; campaign: string }[] }[];
    };
    const policy = compileChannelPolicy(example.policy);
    const campaigns = example.campaigns.map((campaign) => compileChannelCampaign(campaign, policy));
    const now = Date.parse(example.now);
    const rows = example.users.map(({ user, history }) => {
      const deliveries = history.map((delivery) => ({ ...delivery, at: Date.parse(delivery.at) }));
      return campaigns.map((campaign) => {
        const choice = chooseChannel(campaign, user, now, { caps: { policy: example.caps, history: { deliveries } } });
        const sends = choice.deliveries.map((delivery) => `${delivery.channel}${delivery.sendAt === now ? "" : `@${new Date(delivery.sendAt).toISOString().slice(11, 16)}`}`);
        return `${campaign.id}: ${sends.join(" + ") || "-"}`;
      });
    });
    expect(rows).toEqual([
      ["cart-reminder: push", "new-feature-tour: push", "win-back: email", "payment-failed: push + sms + email + in_app", "terms-update: email + in_app", "receipt: email + in_app"],
      ["cart-reminder: in_app", "new-feature-tour: push@07:00", "win-back: push@07:00", "payment-failed: push + email + in_app", "terms-update: email + in_app", "receipt: email + in_app"],
      ["cart-reminder: -", "new-feature-tour: -", "win-back: -", "payment-failed: sms", "terms-update: -", "receipt: -"],
      ["cart-reminder: in_app", "new-feature-tour: -", "win-back: -", "payment-failed: -", "terms-update: -", "receipt: in_app"],
    ]);
  });
});

describe("npm run demo: one user's story after the totals", () => {
  it("tells the first user with a personalised message and a suppression past the trigger: the message, its sendAt, and the explain trace", () => {
    const directory = mkdtempSync(join(tmpdir(), "nudgekit-story-"));
    try {
      const jsonl = toJsonl(generateExample({ users: 40 }));
      const files = { config: fileURLToPath(new URL("../examples/ecommerce/campaigns.json", import.meta.url)), users: join(directory, "users.jsonl"), events: join(directory, "events.jsonl") };
      writeFileSync(files.users, jsonl.users);
      writeFileSync(files.events, jsonl.events);
      const story = userStory(files);
      expect(story[0]).toMatch(/^One user's story: u\d{5} \(\S+, [\w/]+, (ios|android|web); .*\), \d+ events$/);
      // The message: when it goes, and its content rendered for this user (it names them).
      const name = /\((\S+),/.exec(story[0] ?? "")?.[1] ?? "";
      expect(story[2]).toMatch(/^ {2}\S+Z {2}(due|on \w+): [\w-]+ on (push|web_push|email|sms)/);
      expect(story[3]).toMatch(/^ {4}sendAt +\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/);
      expect(story.slice(4).some((line) => line.includes(name))).toBe(true);
      // The suppression, explained step by step up to the step that said no.
      const suppressed = story.findIndex((line) => / suppressed at (experiment|channel|caps|arbitration) \([\w-]+\); engine\.explain says:$/.test(line));
      expect(suppressed).toBeGreaterThan(3);
      const steps = story.slice(suppressed + 1).filter((line) => !line.startsWith("    ("));
      expect(steps.map((line) => line.trim().split(/\s+/)[0])).toEqual(["schedule", "trigger", "audience", "experiment", "channel", "caps", "arbitration"].slice(0, steps.length));
      expect(steps.at(-1)).toMatch(/ fail {2}\S/);
      expect(steps.slice(0, -1).every((line) => / pass {2}/.test(line))).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
