import { describe, expect, it } from "vitest";
import { generateExample } from "../../examples/ecommerce/generate-events.js";
import { createEngine, prepareConfig, type Decision } from "../../src/index.js";
import { loadEngine } from "../../src/runtime/index.js";
import { parseEventLine, replayEvents, type ReplayEvent } from "../../src/replay/index.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";
import type { RuleBackend } from "../../src/rules/codegen/index.js";
import { compileSegments, foldEvents } from "../../src/segments/index.js";
import { exampleConfig } from "../support/engine-fixtures.js";

const example = generateExample({ users: 400 });
const events: ReplayEvent[] = example.events.flatMap((event, index) => {
  const parsed = parseEventLine(JSON.stringify(event), index + 1);
  return "event" in parsed ? [parsed] : [];
});
const profiles = new Map(example.users.map((user) => [user.id, user as unknown as Record<string, unknown>]));

function replayed(engine: ReturnType<typeof createEngine>): { summary: unknown; decisions: string[] } {
  const decisions: string[] = [];
  const summary = replayEvents(engine, events, profiles, { onDecision: (userId: string, at: number, decision: Decision) => void decisions.push(JSON.stringify({ userId, at, decision })) }).toJSON();
  return { summary, decisions };
}

describe("the engine with the code-generating rule backend (issue 20)", () => {
  it("makes the same decisions as with closures on the example's replay, from a config and from a prepared one", () => {
    const config = exampleConfig();
    const closures = replayed(createEngine(config));
    expect(closures.decisions.length).toBeGreaterThan(500);
    expect(replayed(createEngine(config, { backend: codegenBackend }))).toEqual(closures);
    const prepared = JSON.parse(JSON.stringify(prepareConfig(config))) as unknown;
    expect(replayed(loadEngine(prepared, { backend: codegenBackend }))).toEqual(closures);
  });

  it("explains the same way (explanations always run the closures, traced)", () => {
    const config = exampleConfig();
    const input = { event: { name: "app_open", time: "2026-11-23T10:00:00Z" }, user: { id: "u1", consents: {} }, now: "2026-11-23T10:00:00Z" };
    const campaign = createEngine(config).campaignIds[0] as string;
    expect(createEngine(config, { backend: codegenBackend }).explain(campaign, input)).toEqual(createEngine(config).explain(campaign, input));
  });

  it("runs every rule of the engine through the backend, each linked once, from a config as from a prepared one", () => {
    let links = 0;
    const counting: RuleBackend = { name: "counting", link: (root, operations) => (links++, codegenBackend.link(root, operations)) };
    createEngine(exampleConfig(), { backend: counting });
    const created = links;
    expect(created).toBeGreaterThanOrEqual(5); // the example's trigger, audience and segment rules that are not constants
    links = 0;
    loadEngine(prepareConfig(exampleConfig()), { backend: counting });
    expect(links).toBe(created);
    links = 0;
    createEngine(exampleConfig());
    expect(links).toBe(0);
  });

  it("refuses a backend that is not one, before any work", () => {
    expect(() => createEngine(exampleConfig(), { backend: "codegen" })).toThrow(/"codegen" by name only for createEngine from nudgekit under Node/);
    expect(() => createEngine(exampleConfig(), { backend: "fast" as never })).toThrow(/options\.backend must be "closures" or a rule backend/);
    expect(() => loadEngine(prepareConfig(exampleConfig()), { backend: {} as never })).toThrow(/options\.backend must be "closures" or a rule backend/);
  });
});

describe("segments with the code-generating rule backend (issue 20)", () => {
  it("give every profile the same segments as with closures", () => {
    const definitions = [
      { id: "buyers", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 1] } },
      { id: "big-carts", rule: { and: [{ ">": [{ event_sum: ["add_to_cart", "price", "30d"] }, 100] }, { "!=": [{ var: "attributes.plan" }, "pro"] }] } },
      { id: "french", rule: { "==": [{ var: "attributes.country" }, "FR"] } },
      { id: "french-buyers", rule: { var: "attributes.first_name" }, include: ["buyers", "french"] },
    ];
    const policy = { events: { purchase: {}, add_to_cart: { properties: { price: { decimals: 2 } } } } };
    const closures = compileSegments(definitions);
    const generated = compileSegments(definitions, { backend: codegenBackend });
    const byUser = new Map<string, unknown[]>();
    for (const event of example.events) {
      if (typeof event !== "object" || event === null || typeof (event as { userId?: unknown }).userId !== "string") continue;
      const list = byUser.get((event as { userId: string }).userId) ?? [];
      list.push(event);
      byUser.set((event as { userId: string }).userId, list);
    }
    let members = 0;
    for (const user of example.users) {
      const profile = { ...user, behaviour: foldEvents(null, byUser.get(user.id) ?? [], policy) };
      const expected = closures.segmentsOf(profile, "2026-12-01T00:00:00Z");
      members += expected.length;
      expect(generated.segmentsOf(profile, "2026-12-01T00:00:00Z")).toEqual(expected);
    }
    expect(members).toBeGreaterThan(100);
  });
});
