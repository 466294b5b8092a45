/**
 * Tampered prepared configs (issue 19, defect 12): a prepared config edited anywhere, with its
 * digest recomputed so the checksum passes, is refused by `loadEngine` with a PreparedConfigError,
 * or gives an engine that never throws. Never an error later in `decide`, `due`, `nextCheckAt` or
 * `explain`. And the engine keeps a copy: changing the prepared object after loading changes nothing.
 * TAMPER_RUNS=5000 TAMPER_SEED=<n> runs the property longer (with --testTimeout) than CI does.
 */
import { PREPARED_FORMAT, PREPARED_VERSION } from "../../src/engine/prepared/prepared-config.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadEngine, prepareConfig, PreparedConfigError, type Engine, type EngineConfigInput } from "../../src/index.js";
import { foldCompiledEvents } from "../../src/runtime/index.js";
import { configDigest } from "../../src/engine/prepared/config-digest.js";
import { campaign, DAY, exampleConfig, HOUR, NOW, reachableUser } from "../support/engine-fixtures.js";

const SEED = 20261202;

/** The example config and one campaign more with what it lacks: an experiment with variant content, own caps, a schedule, a local scheduled send, template filters with arguments. */
function richConfig(): EngineConfigInput {
  const config = exampleConfig();
  return {
    ...config,
    campaigns: [
      ...config.campaigns,
      campaign("rich", {
        tags: ["marketing"],
        channels: ["push", "email"],
        trigger: { event: "product_viewed", where: { ">": [{ var: "event.properties.value" }, 1] } },
        schedule: { start: "2026-01-01T00:00:00Z", end: "2027-01-01T00:00:00Z", days: ["mon", "tue", "wed", "thu", "fri"], hours: { from: "09:00", to: "20:00" } },
        caps: [{ limit: 2, window: { rolling: "7d" } }],
        content: { push: { title: '{{ user.attributes.first_name | default: "you" | truncate: 10 }}', body: "{{ event.properties.product_name | upcase }}" }, email: { subject: "Hi", html: "<p>{{ event.properties.value | plus: 1 }}</p>" } },
        experiment: { variants: [{ id: "a" }, { id: "b", weight: 2, content: { push: { title: "B" } } }, { id: "holdback" }], control: "holdback", coverage: 0.9 },
      }),
      campaign("local-send", { category: "promotional", channels: ["email"], trigger: { scheduled: { at: "2026-11-23T09:00" } }, content: { email: { subject: "s", html: "h" } } }),
    ],
  } as EngineConfigInput;
}

/** Every path to a value inside a JSON document. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

/** The document with the value at `path` replaced (or the key removed, for undefined). */
function replaced(document: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(document) ? [...document] : { ...(document as object) }) as Record<string | number, unknown>;
  if (value === undefined && rest.length === 0) delete copy[head];
  else copy[head] = replaced(copy[head], rest, value);
  return copy;
}

/** A prepared engine with a value changed, wrapped with a digest that matches it (what a tamperer who read the source would write). */
function resealed(engine: unknown): unknown {
  const text = JSON.stringify(engine);
  const json: unknown = text === undefined ? undefined : JSON.parse(text);
  return { format: PREPARED_FORMAT, version: PREPARED_VERSION, digest: configDigest(json), engine: json };
}

const hostile = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -1, 0.5, 1e300, -1e300, 8.64e15 + 1, 9_999, 1e20, "", "x", "__proto__", "constructor", "toString", "in_app", "modal", "Mars/Base", "event", "rolling", [], [0], ["x"], {}, { kind: "event" }),
  fc.jsonValue({ maxDepth: 2 }),
);

const EVENTS = ["checkout_started", "add_to_cart", "signup", "app_open", "payment_failed", "purchase", "product_viewed"];

/** Calls every method for a few users and histories: none may throw. */
function exercise(engine: Engine): void {
  const user = reachableUser({ behaviour: undefined });
  const away = reachableUser({ id: "user-2", session: { active: false }, timeZone: "America/New_York" });
  // No valid zone of its own: the config's zone and the channel policy's default apply.
  const zoneless = reachableUser({ id: "user-3", timeZone: "Mars/Base", session: { active: true, online: true, platform: "web", id: "s" } });
  const history = {
    deliveries: [{ at: NOW - HOUR, channel: "push", campaign: "rich", tags: ["marketing"] }, { at: NOW - DAY, channel: "in_app", campaign: "cross-sell-drinks", placement: "cart", session: "session-1" }],
    exposures: [{ at: NOW - DAY, campaign: "new-feature-modal", experiment: "x", variant: "a", control: true }],
    pending: [{ campaign: "cart-abandonment", triggeredAt: NOW - 2 * HOUR, dueAt: NOW - HOUR, event: { name: "checkout_started", properties: { value: 3 } } }],
  };
  for (const now of [NOW, NOW + 3 * DAY]) {
    for (const who of [user, away, zoneless]) {
      for (const name of EVENTS) engine.decide({ event: { name, properties: { value: 5, product_name: "chips", category: "chips", order_id: "o1" } }, user: who, history, now });
      engine.due({ user: who, history, now });
      engine.nextCheckAt(who, now, history);
    }
  }
  for (const id of engine.campaignIds) engine.explain(id, { user, history, now: NOW });
  // The behaviour policy it carries folds events (what a browser does with engine.behaviour).
  if (engine.behaviour !== null) foldCompiledEvents(undefined, [{ name: "add_to_cart", time: NOW, properties: { price: 3.5 } }, { name: "purchase", time: NOW - DAY }], engine.behaviour, { now: NOW });
}

describe("loadEngine on tampered prepared configs with a recomputed digest", () => {
  const configs = [exampleConfig(), richConfig()].map((config) => {
    const { engine } = JSON.parse(JSON.stringify(prepareConfig(config))) as { engine: unknown };
    return { engine, paths: paths(engine) };
  });

  it("the untouched configs load and run (the property below starts from working engines)", () => {
    for (const { engine } of configs) exercise(loadEngine(resealed(engine)));
  });

  it("property: one value replaced or removed anywhere: refused at load with a PreparedConfigError, or an engine that never throws", () => {
    let refused = 0;
    let loaded = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...configs).chain((config) => fc.tuple(fc.constant(config.engine), fc.constantFrom(...config.paths), hostile)),
        ([engine, path, value]) => {
          let built: Engine;
          try {
            built = loadEngine(resealed(replaced(engine, path, value)));
          } catch (error) {
            expect(error).toBeInstanceOf(PreparedConfigError);
            refused++;
            return;
          }
          loaded++;
          exercise(built);
        },
      ),
      { seed: Number(process.env.TAMPER_SEED ?? SEED), numRuns: Number(process.env.TAMPER_RUNS ?? 400) },
    );
    // Not vacuous: both outcomes happen (many values are changed into another valid one).
    expect(refused).toBeGreaterThan(100);
    expect(loaded).toBeGreaterThan(30);
  });
});
