/**
 * Journeys run by the engine: `decide` and `due` step every journey of the user, message steps go
 * through channels, caps, quiet hours and arbitration as campaigns do, `applyRecords` keeps the
 * states, `nextCheckAt` wakes them, and prepared configs carry them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRecords, ConfigError, createEngine, loadEngine, prepareConfig, PreparedConfigError, type DecideResult, type EngineConfigInput, type EngineHistory } from "../../src/index.js";
import type { JourneyInput } from "../../src/journeys/index.js";
import { configDigest } from "../../src/engine/prepared/config-digest.js";
import { pinnedTimeZones } from "../../src/time-zones/index.js";
import { reachableUser } from "../support/engine-fixtures.js";

const T = Date.parse("2026-03-02T10:00:00Z"); // a Monday, 11:00 in Paris
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function onboarding(fields: Partial<JourneyInput> = {}, nodes: JourneyInput["nodes"] = {}): JourneyInput {
  return {
    id: "onboarding",
    entry: { event: "signed_up" },
    goal: { event: "purchase", window: "14d" },
    start: "welcome",
    nodes: {
      welcome: { type: "message", channels: ["in_app", "email"], format: "modal", category: "promotional", content: { in_app: { title: "Welcome {{ user.attributes.first_name }}" }, email: { subject: "Welcome", text: "Hi" } }, next: "wait" },
      wait: { type: "delay", for: "2d", next: "tip" },
      tip: { type: "message", channels: ["push"], content: { push: { title: "A tip" } } },
      ...nodes,
    },
    ...fields,
  };
}

/** A journey of message steps only, from `start`. */
const only = (start: string, nodes: JourneyInput["nodes"], fields: Partial<JourneyInput> = {}): JourneyInput => ({ id: "onboarding", entry: { event: "signed_up" }, start, nodes, ...fields });
const configWith = (journeys: JourneyInput[], fields: Partial<EngineConfigInput> = {}): EngineConfigInput => ({ campaigns: [], journeys, ...fields });
const away = (fields: Record<string, unknown> = {}): Record<string, unknown> => reachableUser({ session: { active: false }, ...fields });
const journeyRecords = (result: DecideResult): string[] => result.records.flatMap((record) => (record.type === "journey" ? [record.action.type] : []));

describe("engine journeys: decide and due drive them", () => {
  const engine = createEngine(configWith([onboarding()]));

  it("enters on its event, sends the first message as a decision, and records the state and what happened", () => {
    const result = engine.decide({ event: { name: "signed_up", id: "e1" }, user: reachableUser(), now: T });
    expect(result.decisions).toEqual([
      expect.objectContaining({ campaignId: "onboarding", channel: "in_app", format: "modal", content: { title: "Welcome Ana" }, journey: { journey: "onboarding", entry: 1, node: "welcome", iteration: 0, key: '["onboarding",1,"welcome",0]', dueAt: T, late: false } }),
    ]);
    expect(journeyRecords(result)).toEqual(["entered", "waiting"]);
    const history = applyRecords(undefined, result.records);
    expect(history.deliveries).toEqual([{ at: T, channel: "in_app", campaign: "onboarding", session: "session-1" }]);
    expect(history.journeys).toEqual([expect.objectContaining({ journey: "onboarding", entries: 1, runs: [expect.objectContaining({ node: "wait", wakeAt: T + 2 * DAY })] })]);
    expect(engine.nextCheckAt(reachableUser(), T, history)).toBe(T + 2 * DAY);
  });

  it("a retried call (same event id, same instant) sends nothing again and records nothing", () => {
    const first = engine.decide({ event: { name: "signed_up", id: "e1" }, user: reachableUser(), now: T });
    const history = applyRecords(undefined, first.records);
    expect(engine.decide({ event: { name: "signed_up", id: "e1" }, user: reachableUser(), history, now: T })).toEqual({ decisions: [], suppressed: [], records: [] });
  });

  it("due wakes the run when its delay ends: the next message goes out, the run completes, nothing is due after", () => {
    let history: EngineHistory = applyRecords(undefined, engine.decide({ event: { name: "signed_up" }, user: reachableUser(), now: T }).records);
    expect(engine.due({ user: away(), history, now: T + DAY })).toEqual({ decisions: [], suppressed: [], records: [] });
    const woken = engine.due({ user: away(), history, now: T + 2 * DAY });
    expect(woken.decisions).toEqual([expect.objectContaining({ campaignId: "onboarding", channel: "push", content: { title: "A tip" }, journey: expect.objectContaining({ node: "tip", late: false }) })]);
    expect(journeyRecords(woken)).toEqual(["exited"]);
    expect(woken.records).toContainEqual({ type: "journey", action: expect.objectContaining({ type: "exited", reason: "completed", node: "tip" }) });
    history = applyRecords(history, woken.records);
    expect(engine.nextCheckAt(away(), T + 2 * DAY, history)).toBeNull();
    // never re-entered (the default re-entry policy)
    expect(engine.decide({ event: { name: "signed_up" }, user: reachableUser(), history, now: T + 3 * DAY }).decisions).toEqual([]);
  });

  it("the goal ends the run and credits the last message sent; a message that was not sent takes no credit", () => {
    const journey = onboarding({}, { tip: { type: "message", channels: ["push"], content: { push: { title: "A tip" } }, next: "again" }, again: { type: "delay", for: "5d", next: "tip" } });
    const engine = createEngine(configWith([journey]));
    let history: EngineHistory = applyRecords(undefined, engine.decide({ event: { name: "signed_up" }, user: reachableUser(), now: T }).records);
    // The push tip cannot go out (no push consent): suppressed, and the welcome keeps the credit.
    const noPush = away({ consents: { email: { optedIn: true, verified: true } } });
    const woken = engine.due({ user: noPush, history, now: T + 2 * DAY });
    expect(woken.decisions).toEqual([]);
    expect(woken.suppressed).toEqual([expect.objectContaining({ campaignId: "onboarding", step: "channel", journey: expect.objectContaining({ node: "tip", key: '["onboarding",1,"tip",0]' }) })]);
    history = applyRecords(history, woken.records);
    const bought = engine.decide({ event: { name: "purchase" }, user: noPush, history, now: T + 3 * DAY });
    expect(bought.records).toContainEqual({ type: "journey", action: { type: "converted", journey: "onboarding", entry: 1, at: T + 3 * DAY, enteredAt: T, credit: '["onboarding",1,"welcome",0]' } });
    expect(bought.records).toContainEqual({ type: "journey", action: expect.objectContaining({ type: "exited", reason: "goal" }) });
  });

  it("a late wake-up follows the journey's policy: skip is a record, never a silent drop", () => {
    const engine = createEngine(configWith([onboarding({ lateWake: { tolerance: "1h", policy: "skip" } })]));
    const history = applyRecords(undefined, engine.decide({ event: { name: "signed_up" }, user: reachableUser(), now: T }).records);
    const late = engine.due({ user: away(), history, now: T + 5 * DAY });
    expect(late.decisions).toEqual([]);
    expect(late.records).toContainEqual({ type: "journey", action: expect.objectContaining({ type: "skipped", node: "tip", reason: "late", dueAt: T + 2 * DAY }) });
    const sent = createEngine(configWith([onboarding()])).due({ user: away(), history, now: T + 5 * DAY });
    expect(sent.decisions).toEqual([expect.objectContaining({ journey: expect.objectContaining({ node: "tip", late: true, dueAt: T + 2 * DAY }) })]);
  });

  it("a state the engine did not write is a suppression, not a throw, and the journey is left alone", () => {
    const history = { journeys: [{ version: 1, journey: "onboarding", entries: "many", seen: [], run: { node: "wait" } }] } as unknown as EngineHistory;
    for (const result of [engine.decide({ event: { name: "signed_up" }, user: reachableUser(), history, now: T }), engine.due({ user: reachableUser(), history, now: T })]) {
      expect(result.decisions).toEqual([]);
      expect(result.records).toEqual([]);
      expect(result.suppressed).toEqual([expect.objectContaining({ campaignId: "onboarding", reason: "invalid-journey-state", retryAt: null, journey: { journey: "onboarding" } })]);
    }
    expect(engine.nextCheckAt(reachableUser(), T, history)).toBeNull();
    for (const hostile of [{ journeys: "x" }, { journeys: [null, 3, { journey: "__proto__" }, { journey: "onboarding", run: { wakeAt: "soon" } }] }] as unknown as EngineHistory[]) {
      expect(() => engine.due({ user: reachableUser(), history: hostile, now: T })).not.toThrow();
      expect(engine.nextCheckAt(reachableUser(), T, hostile)).toBeNull();
    }
  });
});

describe("engine journeys: message steps are campaigns for channels, caps, quiet hours and arbitration", () => {
  const quiet = { caps: { quietHours: [{ id: "night", channels: ["push" as const], from: "21:00", to: "08:00" }] } };
  const nightly = (onHeld?: "wait" | "skip"): EngineConfigInput =>
    configWith([only("tip", { tip: { type: "message", channels: ["push"], category: "promotional", content: { push: { title: "A tip" } }, ...(onHeld === undefined ? {} : { onHeld }) } })], quiet);
  const night = Date.parse("2026-03-02T22:30:00Z"); // 23:30 in Paris

  it('a held message "wait"s for the next allowed instant, or is "skip"ped', () => {
    const waited = createEngine(nightly("wait")).decide({ event: { name: "signed_up" }, user: away(), now: night });
    expect(waited.decisions).toEqual([expect.objectContaining({ channel: "push", deferred: true, sendAt: Date.parse("2026-03-03T07:00:00Z") })]);
    const skipped = createEngine(nightly("skip")).decide({ event: { name: "signed_up" }, user: away(), now: night });
    expect(skipped.decisions).toEqual([]);
    expect(skipped.suppressed).toEqual([expect.objectContaining({ campaignId: "onboarding", step: "caps", reason: "held", retryAt: null, journey: expect.objectContaining({ node: "tip" }) })]);
    // the journey went on without it
    expect(journeyRecords(skipped)).toEqual(["entered", "exited"]);
  });

  it("a journey's messages and the campaigns' share the caps and the arbitration of one call", () => {
    const config = configWith([only("tip", { tip: { type: "message", channels: ["push"], category: "promotional", priority: 5, content: { push: { title: "A tip" } } } }, { entry: { event: "app_open" } })], {
      caps: { caps: [{ id: "one-push-a-day", scope: { channel: "push" }, limit: 1, window: { rolling: "1d" } }] },
      campaigns: [{ id: "promo", category: "promotional", priority: 1, channels: ["push"], content: { push: { title: "Sale" } }, trigger: { event: "app_open" } }],
    });
    const result = createEngine(config).decide({ event: { name: "app_open" }, user: away(), now: T });
    // the journey's step wins arbitration (priority 5): the campaign's push waits for the cap's window
    expect(result.decisions.map(({ campaignId, sendAt, deferred }) => ({ campaignId, sendAt, deferred }))).toEqual([
      { campaignId: "onboarding", sendAt: T, deferred: false },
      { campaignId: "promo", sendAt: T + DAY, deferred: true },
    ]);
  });

  it("a cap scoped to the journey's id counts its messages", () => {
    const journey = only("tip", { tip: { type: "message", channels: ["push"], content: { push: { title: "A tip" } }, next: "later" }, later: { type: "delay", for: "1h", next: "tip" } });
    const engine = createEngine(configWith([journey], { caps: { caps: [{ id: "journey", scope: { campaign: "onboarding" }, limit: 1, window: { rolling: "1d" } }] } }));
    let history: EngineHistory = applyRecords(undefined, engine.decide({ event: { name: "signed_up" }, user: away(), now: T }).records);
    const second = engine.due({ user: away(), history, now: T + HOUR });
    expect(second.decisions).toEqual([expect.objectContaining({ sendAt: T + DAY, deferred: true, journey: expect.objectContaining({ iteration: 1 }) })]);
    history = applyRecords(history, second.records);
    expect(history.deliveries).toHaveLength(2);
  });

  it("the global holdout withholds journey messages too (an exposure is recorded)", () => {
    const engine = createEngine(configWith([only("tip", { tip: { type: "message", channels: ["push"], content: { push: { title: "A tip" } } } })], { holdout: { id: "global", share: 1 } }));
    const result = engine.decide({ event: { name: "signed_up" }, user: away(), now: T });
    expect(result.decisions).toEqual([]);
    expect(result.records).toContainEqual({ type: "exposure", exposure: expect.objectContaining({ campaign: "onboarding", holdout: true }) });
  });
});

describe("engine journeys: local times", () => {
  it("a delay until a local time reads a user without a zone in the config's zone, with the engine's time-zone provider", () => {
    const journey = only("wait", { wait: { type: "delay", until: { time: "09:00" }, next: "tip" }, tip: { type: "message", channels: ["push"], content: { push: { title: "A tip" } } } });
    const engine = createEngine(configWith([journey], { timeZone: "Europe/Paris" }), { timeZones: pinnedTimeZones });
    const { timeZone: _none, ...zoneless } = away();
    const history = applyRecords(undefined, engine.decide({ event: { name: "signed_up" }, user: zoneless, now: T }).records);
    // 09:00 in Paris (CET) is 08:00 UTC; the next one after Monday 10:00 UTC is Tuesday's.
    expect(history.journeys[0]?.runs[0]?.wakeAt).toBe(Date.parse("2026-03-03T08:00:00Z"));
    expect(engine.nextCheckAt(zoneless, T, history)).toBe(Date.parse("2026-03-03T08:00:00Z"));
  });
});

describe("engine journeys: configs", () => {
  const problems = (config: unknown): { path: string; message: string }[] => {
    try {
      createEngine(config as EngineConfigInput);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems.map(({ path, message }) => ({ path, message }));
    }
    throw new Error("the config was accepted");
  };

  it("reports every problem with its pointer: the journey's own, and its message steps' as campaigns", () => {
    const broken = onboarding({}, {
      welcome: { type: "message", channels: ["in_app", "push"], content: { in_app: { title: "{{ oops" }, sms: { text: "x" } }, next: "wait" },
      tip: { type: "message", content: { push: { title: "A tip" } } },
      lost: { type: "exit" },
    });
    const found = problems({ campaigns: [{ id: "onboarding", category: "promotional", channels: ["push"], content: { push: { title: "x" } }, trigger: { event: "x" } }], journeys: [broken, onboarding()] });
    const paths = found.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/journeys/0/id",
        "/journeys/1/id",
        "/journeys/0/nodes/lost",
        "/journeys/0/nodes/welcome/format",
        "/journeys/0/nodes/welcome/content/sms",
        "/journeys/0/nodes/welcome/content/in_app/title",
        "/journeys/0/nodes/welcome/content",
        "/journeys/0/nodes/tip/channels",
      ]),
    );
    expect(found.find((problem) => problem.path === "/journeys/1/id")?.message).toMatch(/duplicate journey id "onboarding" \(first at \/journeys\/0\)/);
    expect(found.find((problem) => problem.path === "/journeys/0/id")?.message).toMatch(/is a campaign's id/);
    expect(found.find((problem) => problem.path === "/journeys/0/nodes/welcome/content")?.message).toMatch(/no content for push/);
  });

  it("checks tags, categories and onHeld like a campaign's, and lets caps name the journey, its tags and placements", () => {
    const tagged = onboarding({}, { tip: { type: "message", channels: ["push"], tags: ["tips"], category: "nope", content: { push: { title: "A tip" } } } });
    expect(problems(configWith([tagged], { tags: ["other"] })).map((problem) => problem.path)).toEqual(expect.arrayContaining(["/journeys/0/nodes/tip/tags/0", "/journeys/0/nodes/tip/category"]));
    const held = onboarding({}, { tip: { type: "message", channels: ["push"], onHeld: "later" as never, content: { push: { title: "A tip" } } } });
    expect(problems(configWith([held])).map((problem) => problem.path)).toEqual(["/journeys/0/nodes/tip/onHeld"]);
    const capped = onboarding({}, { tip: { type: "message", channels: ["push"], tags: ["tips"], content: { push: { title: "A tip" } } } });
    expect(() => createEngine(configWith([capped], { caps: { caps: [{ id: "a", scope: { campaign: "onboarding" }, limit: 1, window: { rolling: "1d" } }, { id: "b", scope: { tag: "tips" }, limit: 1, window: { rolling: "1d" } }] } }))).not.toThrow();
  });

  it("a config without journeys, and a journeys section that is not an array", () => {
    expect(createEngine({ campaigns: [] }).journeyIds).toEqual([]);
    expect(problems({ campaigns: [], journeys: {} })).toEqual([{ path: "/journeys", message: "must be an array of journeys" }]);
  });
});

describe("engine journeys: prepared configs", () => {
  const config = configWith([onboarding({}, { wait: { type: "delay", until: { time: "09:00", weekdays: [1, 3] }, next: "check" }, check: { type: "branch", branches: [{ when: { "==": [{ var: "user.plan" }, "pro"] }, next: "tip" }], else: "bye" }, bye: { type: "exit" } })]);

  it("loadEngine runs the journeys createEngine runs, call for call", () => {
    const created = createEngine(config);
    const loaded = loadEngine(JSON.parse(JSON.stringify(prepareConfig(config))));
    let a: EngineHistory = {};
    let b: EngineHistory = {};
    const calls = [{ event: { name: "signed_up" }, now: T }, { now: T + 3 * DAY }, { event: { name: "purchase" }, now: T + 4 * DAY }];
    for (const call of calls) {
      const user = away({ plan: "pro" });
      const left = call.event === undefined ? created.due({ user, history: a, now: call.now }) : created.decide({ event: call.event, user, history: a, now: call.now });
      const right = call.event === undefined ? loaded.due({ user, history: b, now: call.now }) : loaded.decide({ event: call.event, user, history: b, now: call.now });
      expect(right).toEqual(left);
      a = applyRecords(a, left.records);
      b = applyRecords(b, right.records);
    }
    expect(a.journeys).toEqual(b.journeys);
  });

  it("a tampered journey is refused at load with its pointer", () => {
    const prepared = prepareConfig(config) as { engine: { journeys: { journey: { nodes: Record<string, unknown>[] } }[] } };
    const engine = JSON.parse(JSON.stringify(prepared.engine));
    engine.journeys[0].journey.nodes[1] = { type: "delay", id: "wait", forMs: null, until: null, at: null, next: "tip" };
    expect(() => loadEngine({ ...prepared, digest: configDigest(engine), engine })).toThrow(PreparedConfigError);
    expect(() => loadEngine({ ...prepared, digest: configDigest(engine), engine })).toThrow(/\/engine\/journeys\/0\/journey\/nodes\/1/);
  });

  it("refuses concurrent runs on an entry that is not an event, and local times on no weekday", () => {
    const scheduled = configWith([{ id: "digest", entry: { scheduled: { time: "18:00", weekdays: [1] } }, start: "hi", nodes: { hi: { type: "message", channels: ["push"], content: { push: { title: "Hi" } } } } }]);
    const prepared = prepareConfig(scheduled) as { engine: unknown };
    const load = (edit: (journey: { reentry: unknown; entry: { every: { weekdays: unknown } } }) => void): (() => unknown) => {
      const engine = JSON.parse(JSON.stringify(prepared.engine));
      edit(engine.journeys[0].journey);
      return () => loadEngine({ ...(prepared as object), digest: configDigest(engine), engine } as never);
    };
    expect(load(() => undefined)).not.toThrow();
    expect(load((journey) => (journey.reentry = { policy: "concurrent", max: 2, key: ["event", "x"] }))).toThrow(/\/engine\/journeys\/0\/journey/);
    expect(load((journey) => (journey.entry.every.weekdays = []))).toThrow(/\/engine\/journeys\/0\/journey\/entry\/every\/weekdays/);
  });
});

describe("engine journeys: a changed definition", () => {
  it("keeps a user in flight where their node still exists (on the new edges), and lets them out where it is gone", () => {
    const v1 = createEngine(configWith([onboarding()]));
    const history = applyRecords(undefined, v1.decide({ event: { name: "signed_up" }, user: reachableUser(), now: T }).records);
    // v2: the wait now leads to a new step
    const { welcome } = onboarding().nodes;
    const v2 = createEngine(configWith([only("welcome", { welcome: welcome!, wait: { type: "delay", for: "2d", next: "tip2" }, tip2: { type: "message", channels: ["push"], content: { push: { title: "New tip" } } } }, { goal: { event: "purchase", window: "14d" } })]));
    const kept = v2.due({ user: away(), history, now: T + 2 * DAY });
    expect(kept.decisions).toEqual([expect.objectContaining({ content: { title: "New tip" }, journey: expect.objectContaining({ node: "tip2" }) })]);
    // v3: the wait is gone
    const v3 = createEngine(configWith([only("welcome", { welcome: { type: "message", channels: ["in_app"], format: "modal", content: { in_app: { title: "Hi" } }, next: "tip" }, tip: { type: "message", channels: ["push"], content: { push: { title: "A tip" } } } })]));
    const gone = v3.due({ user: away(), history, now: T + HOUR });
    expect(gone.decisions).toEqual([]);
    expect(gone.records).toContainEqual({ type: "journey", action: expect.objectContaining({ type: "exited", reason: "node-removed", node: "wait" }) });
  });
});

describe("engine journeys: explainJourney", () => {
  const engine = createEngine(
    configWith([
      onboarding({}, {
        wait: { type: "delay", for: "2d", next: "check" },
        check: { type: "branch", branches: [{ when: { "==": [{ var: "user.plan" }, "pro"] }, next: "tip" }], else: "nudge" },
        nudge: { type: "waitFor", event: "upgraded", timeout: "3d", next: "tip", onTimeout: "bye" },
        bye: { type: "exit" },
      }),
    ]),
  );

  it("shows the nodes visited, why each branch went its way, each message's steps, and what the user waits for", () => {
    const entered = engine.explainJourney("onboarding", { event: { name: "signed_up" }, user: reachableUser(), now: T });
    expect(entered.before).toEqual([]);
    expect(entered.path.map((action) => action.type)).toEqual(["entered", "message", "waiting"]);
    expect(entered.messages).toEqual([expect.objectContaining({ outcome: "sent", steps: expect.arrayContaining([expect.objectContaining({ step: "channel", verdict: "pass" })]) })]);
    expect(entered.waiting).toEqual([{ entry: 1, key: null, node: "wait", since: T, until: T + 2 * DAY, for: "delay" }]);
    const history = applyRecords(undefined, engine.decide({ event: { name: "signed_up" }, user: reachableUser(), now: T }).records);
    const woken = engine.explainJourney("onboarding", { user: away({ plan: "free" }), history, now: T + 2 * DAY });
    expect(woken.before).toEqual([{ entry: 1, key: null, node: "wait", since: T, until: T + 2 * DAY }]);
    expect(woken.path).toContainEqual(expect.objectContaining({ type: "branched", node: "check", to: "nudge", because: "no condition held (else)" }));
    expect(woken.waiting).toEqual([{ entry: 1, key: null, node: "nudge", since: T + 2 * DAY, until: T + 5 * DAY, for: "upgraded" }]);
    expect(() => engine.explainJourney("nope", { user: away(), now: T })).toThrow(RangeError);
  });

  it("explaining changes nothing: the same call gives the same result after", () => {
    const input = { event: { name: "signed_up" }, user: reachableUser(), now: T };
    const before = engine.decide(input);
    engine.explainJourney("onboarding", input);
    expect(engine.decide(input)).toEqual(before);
  });
});

describe("engine journeys: any JSON input (property)", () => {
  const engine = createEngine(configWith([onboarding({ exits: [{ where: { "==": [{ var: "user.plan" }, "gone"] } }] })]));
  const json = fc.jsonValue({ maxDepth: 4 });
  const journeysLike = fc.array(fc.oneof(json, fc.record({ version: fc.constant(1), journey: fc.constantFrom("onboarding", "__proto__", "other"), entries: json, lastExitAt: json, clock: json, seen: json, run: json })), { maxLength: 3 });

  it("decide, due, nextCheckAt and explainJourney never throw on any user, event and history", () => {
    fc.assert(
      fc.property(json, json, fc.record({ journeys: journeysLike, deliveries: json }), fc.integer({ min: -8.64e15, max: 8.64e15 }), (user, event, history, now) => {
        const input = { user, history: history as unknown as EngineHistory, now };
        engine.decide({ ...input, event: event as never });
        engine.decide({ ...input, event: { name: "signed_up", id: event as never, properties: event as never } });
        engine.due(input);
        engine.nextCheckAt(user, now, input.history);
        engine.explainJourney("onboarding", input);
      }),
      { numRuns: 500, seed: 20261207 },
    );
  });
});

describe("engine journeys: idempotence through the engine (property)", () => {
  const journey = onboarding({ reentry: { policy: "after-exit" }, exits: [{ event: "unsubscribed" }] }, {
    tip: { type: "message", channels: ["push"], content: { push: { title: "A tip" } }, next: "check" },
    check: { type: "waitFor", event: "opened", timeout: "1d", next: "welcome", onTimeout: "tip" },
  });
  const engine = createEngine(configWith([journey]));
  const step = fc.record({
    gapMs: fc.integer({ min: 0, max: 3 * DAY }),
    event: fc.option(fc.constantFrom("signed_up", "purchase", "opened", "unsubscribed", "other"), { nil: null }),
    id: fc.integer({ min: 0, max: 5 }),
    retry: fc.boolean(),
  });

  it("no journey message key is ever decided twice, whatever the calls, retries and due checks", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let history: EngineHistory = {};
        let now = T;
        const keys = new Set<string>();
        for (const { gapMs, event, id, retry } of steps) {
          now += gapMs;
          const user = away();
          const calls = retry ? 2 : 1;
          for (let call = 0; call < calls; call++) {
            // what a caller following nextCheckAt does first
            for (let guard = 0; guard < 50; guard++) {
              const next = engine.nextCheckAt(user, now, history);
              if (next === null || next > now) break;
              const due = engine.due({ user, history, now });
              for (const decision of due.decisions) {
                expect(keys.has(decision.journey!.key)).toBe(false);
                keys.add(decision.journey!.key);
              }
              history = applyRecords(history, due.records);
            }
            if (event === null) continue;
            const result = engine.decide({ event: { name: event, id: `${event}-${id}-${now}` }, user, history, now });
            for (const decision of result.decisions) {
              expect(keys.has(decision.journey!.key)).toBe(false);
              keys.add(decision.journey!.key);
            }
            history = applyRecords(history, result.records);
          }
        }
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });
});

describe("engine journeys: entries on a segment or a schedule, concurrent runs, bandit splits", () => {
  const hello = { type: "message" as const, channels: ["push" as const], content: { push: { title: "Hello" } } };

  it("enters a user who comes into a config segment (decide or due), records the membership so that leaving and coming back enters again", () => {
    const engine = createEngine(
      configWith([{ id: "vip-welcome", entry: { segmentEntry: "vip" }, reentry: { policy: "after-exit" }, start: "hello", nodes: { hello } }], {
        segments: [{ id: "vip", rule: { "==": [{ var: "user.attributes.tier" }, "gold"] } }],
      }),
    );
    const silver = away({ attributes: { first_name: "Ana", tier: "silver" } });
    const gold = away({ attributes: { first_name: "Ana", tier: "gold" } });
    // Not in it, and no state yet: nothing to step, nothing to record.
    expect(engine.due({ user: silver, now: T }).records).toEqual([]);
    const joined = engine.due({ user: gold, now: T });
    expect(joined.decisions).toEqual([expect.objectContaining({ campaignId: "vip-welcome", channel: "push" })]);
    expect(joined.records).toContainEqual({ type: "journey", action: expect.objectContaining({ type: "entered", because: "came into segment vip" }) });
    let history = applyRecords(undefined, joined.records);
    expect(history.journeys[0]).toMatchObject({ inEntrySegment: true, runs: [] });
    expect(engine.due({ user: gold, history, now: T + HOUR }).decisions).toEqual([]);
    // Leaving is recorded (nothing else happened), so that coming back enters again.
    const left = engine.due({ user: silver, history, now: T + 2 * HOUR });
    expect(left.records).toEqual([{ type: "journey-state", state: expect.objectContaining({ inEntrySegment: false }) }]);
    history = applyRecords(history, left.records);
    expect(engine.decide({ event: { name: "app_open" }, user: gold, history, now: T + 3 * HOUR }).records).toContainEqual({ type: "journey", action: expect.objectContaining({ type: "entered", entry: 2 }) });
    expect(() => createEngine(configWith([{ id: "j", entry: { segmentEntry: "nope" }, start: "hello", nodes: { hello } }]))).toThrow(/unknown segment "nope" at \/journeys\/0\/entry\/segmentEntry/);
  });

  it("wakes a user out of a scheduled journey at the next occurrence in their zone, and enters them then", () => {
    const engine = createEngine(configWith([{ id: "digest", entry: { scheduled: { time: "18:00", weekdays: [1, 4] } }, reentry: { policy: "after-exit" }, start: "hello", nodes: { hello } }]));
    const user = away();
    // Monday 11:00 in Paris: the next occurrence is Monday 18:00 Paris (17:00 UTC).
    const next = engine.nextCheckAt(user, T, {});
    expect(next).toBe(Date.parse("2026-03-02T17:00:00Z"));
    const due = engine.due({ user, history: {}, now: next! });
    expect(due.decisions).toEqual([expect.objectContaining({ campaignId: "digest", journey: expect.objectContaining({ node: "hello", entry: 1 }) })]);
    const history = applyRecords(undefined, due.records);
    expect(engine.nextCheckAt(user, next!, history)).toBe(Date.parse("2026-03-05T17:00:00Z"));
  });

  it("runs one journey per key at once, and converts each run on its own goal", () => {
    const engine = createEngine(
      configWith([
        {
          id: "abandoned-cart",
          entry: { event: "cart_abandoned" },
          reentry: { policy: "concurrent", max: 3, key: "event.properties.cart_id" },
          goal: { event: "purchase", where: { "==": [{ var: "event.properties.cart_id" }, { var: "journey.key" }] }, window: "7d" },
          start: "wait",
          nodes: { wait: { type: "delay", for: "4h", next: "hello" }, hello },
        },
      ]),
    );
    const user = away();
    let history: EngineHistory = {};
    for (const [cart, at] of [["A", T], ["B", T + HOUR]] as const) history = applyRecords(history, engine.decide({ event: { name: "cart_abandoned", properties: { cart_id: cart } }, user, history, now: at }).records);
    expect(history.journeys?.[0]?.runs.map((run) => run.key)).toEqual(["A", "B"]);
    const bought = engine.decide({ event: { name: "purchase", properties: { cart_id: "B" } }, user, history, now: T + 2 * HOUR });
    expect(journeyRecords(bought)).toEqual(["converted", "exited"]);
    history = applyRecords(history, bought.records);
    const explained = engine.explainJourney("abandoned-cart", { user, history, now: T + 4 * HOUR });
    expect(explained.before).toEqual([expect.objectContaining({ entry: 1, key: "A", node: "wait" })]);
    expect(explained.messages).toEqual([expect.objectContaining({ outcome: "sent", message: expect.objectContaining({ key: '["abandoned-cart",1,"hello",0]' }) })]);
  });

  it("weighs a bandit split by the shares given with the call", () => {
    const engine = createEngine(
      configWith([
        {
          id: "copy",
          entry: { event: "signed_up" },
          start: "pick",
          nodes: {
            pick: { type: "split", bandit: true, paths: [{ id: "short", weight: 1, next: "a" }, { id: "long", weight: 1, next: "b" }] },
            a: { ...hello, content: { push: { title: "Short" } } },
            b: { ...hello, content: { push: { title: "Long" } } },
          },
        },
      ]),
    );
    const nodes = Array.from({ length: 50 }, (_, index) => engine.decide({ event: { name: "signed_up" }, user: away({ id: `user-${index}` }), now: T, splitShares: { copy: { pick: { short: 0, long: 1 } } } }).decisions[0]?.journey?.node);
    expect(new Set(nodes)).toEqual(new Set(["b"]));
  });

  it("explains the journey asked for when several record a state in the call", () => {
    const second = { ...onboarding(), id: "second", start: "tip", nodes: { tip: { type: "delay" as const, for: "1d", next: "hi" }, hi: hello } };
    const engine = createEngine(configWith([onboarding(), second]));
    const explained = engine.explainJourney("second", { event: { name: "signed_up" }, user: reachableUser(), now: T });
    expect(explained.state).toMatchObject({ journey: "second" });
    expect(explained.waiting).toEqual([expect.objectContaining({ node: "tip", until: T + DAY })]);
  });
});
