import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, createEngine } from "../../src/index.js";
import { compileCapPolicy } from "../../src/caps/index.js";
import { compileExperiment } from "../../src/experiments/index.js";
import { compileSegments } from "../../src/segments/index.js";
import { exampleConfig } from "../support/engine-fixtures.js";

/** zod's own wording, which says that something is wrong but not what would be right. */
const ZOD_WORDING = /Invalid input|Invalid option|Invalid (string|number|key|element|value)|Too (small|big)|Unrecognized key|expected \w+, received \w+/;

function problemsOf(input: unknown): { path: string; message: string }[] {
  try {
    createEngine(input);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a ConfigError");
}

function problemsThrownBy(compile: () => unknown): { path: string; message: string }[] {
  try {
    compile();
  } catch (error) {
    return [...(error as { problems: { path: string; message: string }[] }).problems];
  }
  throw new Error("expected an error");
}

const campaign = { id: "a", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "t" } } };
const withCampaign = (fields: Record<string, unknown>) => ({ campaigns: [{ ...campaign, ...fields }] });

describe("ConfigError messages name the expected form", () => {
  it.each([
    ["a typo in a campaign key", withCampaign({ priorty: 1 }), "/campaigns/0", 'unknown key "priorty" (known keys: id, category, channels, format, strategy, onBlocked, tags, placement, name, status, priority, dismissible, content, trigger, audience, schedule, experiment, caps, reEligibility, sendTime, conversions)'],
    ["a number where an id goes", withCampaign({ id: 7 }), "/campaigns/0/id", "must be a string, not the number 7"],
    ["a fraction for an integer", withCampaign({ priority: 1.5 }), "/campaigns/0/priority", "must be an integer, not the number 1.5"],
    ["text for an integer", withCampaign({ priority: "high" }), "/campaigns/0/priority", 'must be an integer, not the text "high"'],
    ["an unknown status", withCampaign({ status: "live" }), "/campaigns/0/status", 'must be one of "draft", "active", "paused" or "archived", not the text "live"'],
    ["an unknown channel", withCampaign({ channels: ["fax"] }), "/campaigns/0/channels/0", 'must be one of "in_app", "push", "web_push", "email" or "sms", not the text "fax"'],
    ["an unknown in-app format", withCampaign({ format: "popup" }), "/campaigns/0/format", 'must be one of "banner", "modal", "full_screen", "card", "carousel", "product_tour", "survey" or "tooltip", not the text "popup"'],
    ["a holdout exempting a category that is no category name", { holdout: { id: "h", share: 0.05, exempt: ["Bad Name"] }, campaigns: [] }, "/holdout/exempt/0", "must be lower case letters, digits, _ or - (starting with a letter, at most 64)"],
    ["two choices", withCampaign({ onBlocked: "wait" }), "/campaigns/0/onBlocked", 'must be "fallback" or "defer", not the text "wait"'],
    ["a re-eligibility that is none of its forms", withCampaign({ reEligibility: "sometimes" }), "/campaigns/0/reEligibility", 'must be "always", "once" or { after }, not the text "sometimes"'],
    ["a re-eligibility of the { after } form with a bad duration", withCampaign({ reEligibility: { after: true } }), "/campaigns/0/reEligibility/after", 'must be a positive duration such as "30m", "24h", "7d" or "P1DT12H", not true'],
    ["an event trigger with a bad delay", withCampaign({ trigger: { event: "tap", delay: true } }), "/campaigns/0/trigger/delay", 'must be a positive duration such as "30m", "24h", "7d" or "P1DT12H", not true'],
    ["a trigger of no known form", withCampaign({ trigger: { evnt: "tap" } }), "/campaigns/0/trigger", "must be one of { event, where?, delay?, cancelOn? }, { segmentEntry }, { inactivity: { event, for } } or { scheduled: { at } }"],
    ["a missing local time", withCampaign({ schedule: { hours: { from: "09:00" } } }), "/campaigns/0/schedule/hours/to", 'is required: a local time "HH:MM"'],
    ["a list given as text", withCampaign({ audience: { include: "vip" } }), "/campaigns/0/audience/include", 'must be a list, not the text "vip"'],
    ["content for a channel that does not exist", withCampaign({ content: { fax: { t: "x" } } }), "/campaigns/0/content", 'unknown key "fax" (known keys: in_app, push, web_push, email, sms)'],
    ["a cap window of no known form", withCampaign({ caps: [{ limit: 1, window: "day" }] }), "/campaigns/0/caps/0/window", 'must be { rolling }, { calendar, weekStartsOn? }, { session } or { lifetime }, not the text "day"'],
    ["a cap scope of no known form", { caps: { caps: [{ id: "c", scope: {}, limit: 1, window: { calendar: "day" } }] }, campaigns: [] }, "/caps/caps/0/scope", "must be { all }, { channels }, { channel }, { campaign }, { tag } or { placement }"],
    ["a cap limit below its minimum", { caps: { caps: [{ id: "c", scope: { all: true }, limit: 0, window: { calendar: "day" } }] }, campaigns: [] }, "/caps/caps/0/limit", "must be at least 1, not the number 0"],
    ["a typo in a section's key", { caps: { capz: [] }, campaigns: [] }, "/caps", 'unknown key "capz" (known keys: caps, cooldowns, quietHours)'],
    ["a share given as text", { holdout: { id: "h", share: "5%" }, campaigns: [] }, "/holdout/share", 'must be a number, not the text "5%"'],
    ["an object where a list goes", { segments: {}, campaigns: [] }, "/segments", "must be a list, not an object"],
    ["an unsupported config version", { version: 2, campaigns: [] }, "/version", "must be 1, not the number 2"],
    ["an arbitration limit below its minimum", { arbitration: { maxPerEvent: 0 }, campaigns: [] }, "/arbitration/maxPerEvent", "must be at least 1, not the number 0"],
    ["a typo in the behaviour policy", { behaviour: { events: {}, horizon: 90 }, campaigns: [] }, "/behaviour", 'unknown key "horizon" (known keys: events, horizonDays, dedupe, maxFutureMs)'],
    ["an experiment weight given as text", withCampaign({ experiment: { variants: [{ id: "v", weight: "x" }] } }), "/campaigns/0/experiment/variants/0/weight", 'must be a number, not the text "x"'],
    ["an engagement prior with a bad parameter", { channels: { engagementPrior: { alpha: 0, beta: 1 } }, campaigns: [] }, "/channels/engagementPrior/alpha", "must be positive"],
  ])("%s", (_name, config, path, message) => {
    expect(problemsOf(config)).toContainEqual({ path, message });
  });

  it("the sub-engines' own compilers say the same", () => {
    expect(problemsThrownBy(() => compileCapPolicy({ caps: [{ id: "c", scope: { all: true }, limit: 0, window: { calendar: "day" } }] }))).toEqual([{ path: "/caps/0/limit", message: "must be at least 1, not the number 0" }]);
    expect(problemsThrownBy(() => compileExperiment({ id: "e", variants: [{ id: "a", weight: "x" }] }))).toEqual([{ path: "/variants/0/weight", message: 'must be a number, not the text "x"' }]);
    expect(problemsThrownBy(() => compileSegments([{ id: "s", rul: true }]))).toContainEqual({ path: "/0", message: 'unknown key "rul" (known keys: id, name, rule, include, exclude)' });
  });

  it("property: the example config with any value replaced anywhere is refused in nudgekit's words, never zod's", () => {
    const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      if (typeof value !== "object" || value === null) return [prefix];
      const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
      return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
    };
    const replaced = (document: unknown, path: readonly (string | number)[], value: unknown): unknown => {
      if (path.length === 0) return value;
      const [head, ...rest] = path as [string | number, ...(string | number)[]];
      const copy = (Array.isArray(document) ? [...document] : { ...(document as object) }) as Record<string | number, unknown>;
      // Removing an element shortens the list (JSON has no holes).
      if (value === undefined && rest.length === 0 && Array.isArray(copy)) (copy as unknown[]).splice(Number(head), 1);
      else if (value === undefined && rest.length === 0) delete copy[head];
      else copy[head] = replaced(copy[head], rest, value);
      return copy;
    };
    const allPaths = paths(exampleConfig()).filter((path) => path.length > 0);
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(undefined, 1.5, -1, "", [], {}, { typo: 1 }));
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), value, (path, replacement) => {
        let problems: { path: string; message: string }[] = [];
        try {
          createEngine(replaced(exampleConfig(), path, replacement));
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          problems = [...error.problems];
        }
        for (const problem of problems) expect(problem.message, `${problem.path}: ${problem.message}`).not.toMatch(ZOD_WORDING);
      }),
      { seed: 20261119, numRuns: 600 },
    );
  });
});
