/**
 * Engine modules of configs with journeys: the journeys' steps are kept while the parts the config
 * does not use are left out (segments, experiments, templates…), and generated sequences of events,
 * due checks and retries give what createEngine gives, call by call, records applied in between.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { applyRecords, createEngine, type Engine, type EngineConfigInput, type EngineHistory } from "../../src/index.js";
import { engineOfModule } from "../../src/runtime/index.js";
import { emitEngineModule } from "../../src/node/standalone/index.js";
import { reachableUser } from "../support/engine-fixtures.js";

const T = Date.parse("2026-03-02T10:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const dir = mkdtempSync(join(tmpdir(), "nudgekit-engine-module-journeys-"));

const onboarding = {
  id: "onboarding",
  entry: { event: "signed_up" },
  goal: { event: "purchase", window: "14d" },
  start: "welcome",
  nodes: {
    welcome: { type: "message", channels: ["push", "email"], category: "promotional", content: { push: { title: "Welcome" }, email: { subject: "Welcome", text: "Hi" } }, next: "wait" },
    wait: { type: "delay", for: "1d", next: "check" },
    check: { type: "waitFor", event: "opened", timeout: "1d", next: "branch", onTimeout: "split" },
    branch: { type: "branch", branches: [{ when: { "==": [{ var: "user.attributes.plan" }, "pro"] }, next: "pro-tip" }], else: "split" },
    split: { type: "split", paths: [{ id: "a", weight: 1, next: "tip" }, { id: "b", weight: 1, next: "bye" }] },
    "pro-tip": { type: "message", channels: ["push"], content: { push: { title: "A pro tip" } } },
    tip: { type: "message", channels: ["push"], content: { push: { title: "A tip" } } },
    bye: { type: "exit" },
  },
};
const vipWelcome = { id: "vip-welcome", entry: { segmentEntry: "vip" }, reentry: { policy: "after-exit" }, start: "hello", nodes: { hello: { type: "message", channels: ["push"], content: { push: { title: "Hello" } } } } };

const CONFIGS: Record<string, EngineConfigInput> = {
  "a journey alone (no segment, experiment or template)": { campaigns: [], journeys: [onboarding] } as unknown as EngineConfigInput,
  "a journey entered on a segment, beside a campaign": {
    segments: [{ id: "vip", rule: { "==": [{ var: "user.attributes.tier" }, "gold"] } }],
    campaigns: [{ id: "promo", category: "promotional", channels: ["push"], trigger: { event: "opened" }, content: { push: { title: "Promo" } } }],
    journeys: [onboarding, vipWelcome],
  } as unknown as EngineConfigInput,
};

const step = fc.record({
  gapMs: fc.integer({ min: 0, max: 2 * DAY }),
  event: fc.option(fc.constantFrom("signed_up", "purchase", "opened", "other"), { nil: null }),
  plan: fc.constantFrom("free", "pro"),
  tier: fc.constantFrom("silver", "gold"),
  retry: fc.boolean(),
});

describe.each(Object.entries(CONFIGS))("engine module: %s", (_name, config) => {
  let created: Engine;
  let fromModule: Engine;
  let without: readonly string[];
  beforeAll(async () => {
    const emitted = await emitEngineModule(config);
    without = emitted.without;
    const file = join(dir, `engine-${emitted.hash}.mjs`);
    writeFileSync(file, emitted.code);
    fromModule = engineOfModule(await import(/* @vite-ignore */ pathToFileURL(file).href));
    created = createEngine(config);
  }, 30_000);

  it("keeps the journeys and leaves out what the config does not use", () => {
    expect(without).not.toContain("journeys");
    expect(without.includes("segments")).toBe(config.segments === undefined);
    expect(without).toContain("experiments and holdouts");
    expect(without).toContain("templates");
  });

  it("sequences of events, due checks and retries: decide, due, nextCheckAt and explainJourney as createEngine", () => {
    let messages = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        let history: EngineHistory = {};
        let now = T;
        for (const { gapMs, event, plan, tier, retry } of steps) {
          now += gapMs;
          const user = reachableUser({ id: "u1", session: { active: false }, attributes: { plan, tier } });
          const next = created.nextCheckAt(user, now, history);
          expect(fromModule.nextCheckAt(user, now, history)).toBe(next);
          if (next !== null && next <= now) {
            const due = created.due({ user, history, now });
            expect(fromModule.due({ user, history, now })).toEqual(due);
            messages += due.decisions.length;
            history = applyRecords(history, due.records);
          }
          if (event === null) continue;
          for (let call = 0; call < (retry ? 2 : 1); call++) {
            const input = { event: { name: event, id: `${event}-${now}` }, user, history, now };
            const result = created.decide(input);
            expect(fromModule.decide(input)).toEqual(result);
            messages += result.decisions.length;
            history = applyRecords(history, result.records);
          }
          for (const id of created.journeyIds) expect(fromModule.explainJourney(id, { user, history, now })).toEqual(created.explainJourney(id, { user, history, now }));
        }
      }),
      { seed: 20261208, numRuns: 60 },
    );
    // Not vacuous: journeys send.
    expect(messages).toBeGreaterThan(30);
  });
});
