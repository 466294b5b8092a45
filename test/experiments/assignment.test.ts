import { describe, expect, it } from "vitest";
import {
  assignVariant,
  assignVariantWithStore,
  checkLayerExclusivity,
  compileExperiment,
  createMemoryStickyStore,
  ExperimentConfigError,
  hashUnit,
  type Experiment,
  type StickyDocument,
} from "../../src/experiments/index.js";
import { deepFreeze } from "../support/deep-freeze.js";

const experiment: Experiment = deepFreeze({
  id: "checkout-cta",
  variants: [{ id: "control" }, { id: "green" }, { id: "bold" }],
  control: "control",
});
const ids = Array.from({ length: 2000 }, (_, i) => `user-${i}`);

describe("assignVariant", () => {
  it("assigns by the documented hash and returns the trace", () => {
    const assignment = assignVariant(experiment, "user-123");
    const hash = hashUnit("checkout-cta", "user-123");
    expect(assignment.hash).toEqual(hash);
    expect(hash.bucket).toBe(5393); // docs/bucketing.md vector; equal thirds: [0,3333) [3333,6667) [6667,10000)
    expect(assignment).toEqual({ experimentId: "checkout-cta", variantId: "green", reason: "assigned", isControl: false, hash });
  });

  it("marks the control", () => {
    const inControl = ids.map((id) => assignVariant(experiment, id)).filter((a) => a.variantId === "control");
    expect(inControl.length).toBeGreaterThan(500);
    expect(inControl.every((a) => a.isControl && a.reason === "assigned")).toBe(true);
  });

  it("accepts a compiled experiment and a plain object alike, and compiles a plain object once", () => {
    const compiled = compileExperiment(experiment);
    expect(compileExperiment(experiment)).toBe(compiled);
    expect(compileExperiment(compiled)).toBe(compiled);
    for (const id of ids.slice(0, 50)) expect(assignVariant(compiled, id)).toEqual(assignVariant(experiment, id));
  });

  it("uses the salt instead of the id when given", () => {
    const renamed = { ...experiment, id: "checkout-cta-v2", salt: "checkout-cta" };
    for (const id of ids.slice(0, 100)) expect(assignVariant(renamed, id).variantId).toBe(assignVariant(experiment, id).variantId);
  });

  it("honours coverage: not-in-coverage outside the covered part of each slot", () => {
    const half = { ...experiment, coverage: 0.5 };
    const results = ids.map((id) => assignVariant(half, id));
    for (const result of results) {
      const bucket = result.hash!.bucket;
      const slotStart = bucket < 3333 ? 0 : bucket < 6667 ? 3333 : 6667;
      const slotWidth = slotStart === 3333 ? 3334 : 3333;
      const covered = bucket - slotStart < Math.floor(slotWidth / 2);
      expect(result.reason).toBe(covered ? "assigned" : "not-in-coverage");
      expect(result.variantId === null).toBe(!covered);
    }
  });

  it("zero-weight variants get nobody; weights are normalised", () => {
    const skewed = { id: "w", variants: [{ id: "a", weight: 0 }, { id: "b", weight: 30 }, { id: "c", weight: 10 }] };
    const counts = new Map<string, number>();
    for (const id of ids) {
      const variant = assignVariant(skewed, id).variantId!;
      counts.set(variant, (counts.get(variant) ?? 0) + 1);
    }
    expect(counts.get("a")).toBeUndefined();
    expect(counts.get("b")! / ids.length).toBeCloseTo(0.75, 1);
  });

  it("forced units come first, even when inactive; inactive assigns nobody else", () => {
    const qa = { ...experiment, active: false, forced: { "qa-1": "bold" } };
    const parsed = JSON.parse(JSON.stringify({ ...experiment, active: false, forced: { "qa-1": "bold" } }).replace('"qa-1"', '"__proto__":"green","qa-1"')) as Experiment;
    expect(assignVariant(qa, "qa-1")).toMatchObject({ variantId: "bold", reason: "forced", isControl: false });
    expect(assignVariant(parsed, "__proto__")).toMatchObject({ variantId: "green", reason: "forced" });
    expect(assignVariant(qa, "user-1")).toMatchObject({ variantId: null, reason: "inactive", isControl: false });
    expect(assignVariant(qa, "constructor").reason).toBe("inactive"); // no prototype lookups
  });

  it("global holdout: a share of units no experiment reaches, with its own hash", () => {
    const holdout = { id: "global-holdout-2026", share: 0.1 };
    const results = ids.map((id) => assignVariant(experiment, id, { holdout }));
    const held = results.filter((r) => r.reason === "holdout");
    expect(held.length / ids.length).toBeGreaterThan(0.07);
    expect(held.length / ids.length).toBeLessThan(0.13);
    for (const r of results) {
      expect(r.holdoutHash!.bucket < 1000).toBe(r.reason === "holdout");
      expect(r.holdoutHash!.input.startsWith("global-holdout-2026:")).toBe(true);
      if (r.reason === "holdout") expect(r.variantId).toBeNull();
    }
    // The forced override still wins over the holdout.
    const forcedId = held[0]!.hash!.input.slice("checkout-cta:".length);
    expect(assignVariant({ ...experiment, forced: { [forcedId]: "bold" } }, forcedId, { holdout }).reason).toBe("forced");
  });

  it("layer: other-experiment-in-layer outside the slice, with the layer hash in the trace", () => {
    const layered = { ...experiment, layer: { id: "checkout", range: [0, 0.25] as [number, number] } };
    const results = ids.map((id) => assignVariant(layered, id));
    for (const r of results) {
      expect(r.layerHash!.input.startsWith("checkout:")).toBe(true);
      expect(r.reason).toBe(r.layerHash!.bucket < 2500 ? "assigned" : "other-experiment-in-layer");
    }
  });

  it("unit ids: numbers hash as decimal text; other non-strings are missing-unit-id", () => {
    expect(assignVariant(experiment, 42 as unknown as string).hash!.input).toBe("checkout-cta:42");
    expect(assignVariant(experiment, 42n as unknown as string).variantId).toBe(assignVariant(experiment, "42").variantId);
    for (const bad of [null, undefined, {}, [], NaN, Infinity, true]) {
      expect(assignVariant(experiment, bad as unknown as string)).toEqual({ experimentId: "checkout-cta", variantId: null, reason: "missing-unit-id", isControl: false, hash: null });
    }
  });

  it("hostile unit ids never throw", () => {
    for (const id of ["__proto__", "constructor", "\ud800", "x".repeat(100_000), "日本語", ""]) {
      expect(() => assignVariant(experiment, id, { sticky: null, holdout: { id: "h", share: 0.5 } })).not.toThrow();
    }
  });
});

describe("sticky assignment", () => {
  const before: Experiment = { id: "exp", variants: [{ id: "a" }, { id: "b" }] };
  const after: Experiment = { id: "exp", variants: [{ id: "a", weight: 9 }, { id: "b", weight: 1 }] };

  it("keeps assigned units where they were when weights change", () => {
    const store = createMemoryStickyStore();
    const first = ids.map((id) => assignVariantWithStore(before, id, store));
    expect(first.every((a) => a.reason === "assigned" && a.stickyDocument !== undefined)).toBe(true);
    const second = ids.map((id) => assignVariantWithStore(after, id, store));
    second.forEach((a, i) => {
      expect(a.reason).toBe("sticky");
      expect(a.variantId).toBe(first[i]!.variantId);
      expect(a.stickyDocument).toBeUndefined();
    });
    // Without stickiness, about 40% of units would have moved from b to a.
    const moved = ids.filter((id, i) => assignVariant(after, id).variantId !== first[i]!.variantId).length;
    expect(moved / ids.length).toBeGreaterThan(0.35);
  });

  it("a new version, a removed variant or another unit's document re-buckets", () => {
    const document: StickyDocument = { unitId: "u1", assignments: { exp: { variantId: "b", version: 0 } } };
    expect(assignVariant(before, "u1", { sticky: document })).toMatchObject({ variantId: "b", reason: "sticky" });
    const bumped = assignVariant({ ...before, version: 1 }, "u1", { sticky: document });
    expect(bumped.reason).toBe("assigned");
    expect(bumped.stickyDocument).toEqual({ unitId: "u1", assignments: { exp: { variantId: bumped.variantId, version: 1 } } });
    expect(assignVariant({ id: "exp", variants: [{ id: "a" }, { id: "c" }] }, "u1", { sticky: document }).reason).toBe("assigned");
    expect(assignVariant(before, "u2", { sticky: document }).stickyDocument!.unitId).toBe("u2");
  });

  it("keeps other experiments' entries, never modifies the input, and survives JSON", () => {
    const document = deepFreeze(JSON.parse('{"unitId":"u1","assignments":{"other":{"variantId":"x","version":3},"__proto__":{"variantId":"y","version":0}}}') as StickyDocument);
    const assignment = assignVariant(before, "u1", { sticky: document });
    const updated = JSON.parse(JSON.stringify(assignment.stickyDocument)) as StickyDocument;
    expect(Object.keys(updated.assignments).sort()).toEqual(["__proto__", "exp", "other"]);
    expect(assignVariant(before, "u1", { sticky: updated }).reason).toBe("sticky");
    expect(Object.getPrototypeOf(assignment.stickyDocument!.assignments)).toBe(Object.prototype);
  });

  it("corrupted documents read as absent, never throw", () => {
    for (const junk of [42, "x", [], { unitId: "u1" }, { unitId: "u1", assignments: [] }, { unitId: "u1", assignments: { exp: "b" } }, { unitId: "u1", assignments: { exp: { variantId: 1, version: 0 } } }, { unitId: "u1", assignments: { exp: { variantId: "b", version: "0" } } }]) {
      const assignment = assignVariant(before, "u1", { sticky: junk as unknown as StickyDocument });
      expect(assignment.reason).toBe("assigned");
      expect(assignment.stickyDocument!.assignments.exp!.variantId).toBe(assignment.variantId);
    }
  });

  it("holdout wins over a remembered variant; forced is never remembered", () => {
    const document: StickyDocument = { unitId: "u1", assignments: { exp: { variantId: "b", version: 0 } } };
    expect(assignVariant(before, "u1", { sticky: document, holdout: { id: "h", share: 1 } }).reason).toBe("holdout");
    const forced = assignVariant({ ...before, forced: { u1: "a" } }, "u1", { sticky: null });
    expect(forced.reason).toBe("forced");
    expect(forced.stickyDocument).toBeUndefined();
  });
});

describe("configuration errors (validated once, every problem listed with its path)", () => {
  it("lists every problem", () => {
    let error: unknown;
    try {
      compileExperiment({ id: "", variants: [{ id: "a", weight: -1 }, { id: "b", weight: NaN }], coverage: 2, extra: 1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExperimentConfigError);
    const problems = (error as ExperimentConfigError).problems.map((p) => p.path);
    expect(problems).toEqual(expect.arrayContaining(["/id", "/variants/0/weight", "/variants/1/weight", "/coverage", ""]));
  });

  it("cross-field problems are reported in the same pass as field problems", () => {
    let error: ExperimentConfigError | undefined;
    try {
      compileExperiment({ id: "", variants: [{ id: "a" }, { id: "a" }, 5], control: "zz", forced: { u: "q", v: 3 } });
    } catch (caught) {
      error = caught as ExperimentConfigError;
    }
    expect(error!.problems.map((p) => p.path)).toEqual(["/id", "/variants/2", "/variants/1/id", "/control", "/forced/u", "/forced/v"]);
    expect(error!.message).toBe("invalid experiment: must not be empty at /id (and 5 more problems)");
  });

  it.each([
    [{ id: "e", variants: [] }, "/variants"],
    [{ id: "e", variants: [{ id: "a" }, { id: "a" }] }, "/variants/1/id"],
    [{ id: "e", variants: [{ id: "a", weight: 0 }] }, "/variants"],
    [{ id: "e", variants: [{ id: "a" }], control: "z" }, "/control"],
    [{ id: "e", variants: [{ id: "a" }], forced: { u: "z" } }, "/forced/u"],
    [{ id: "e", variants: [{ id: "a" }], forced: [] }, "/forced"],
    [{ id: "e", variants: [{ id: "a" }], layer: { id: "l", range: [0.5, 0.2] } }, "/layer/range"],
    [{ id: "e", variants: [{ id: "a" }], version: 1.5 }, "/version"],
    [{ id: "e", variants: [{ id: "a", weight: Infinity }] }, "/variants/0/weight"],
    [null, ""],
    ["experiment", ""],
  ])("%j → problem at %s", (config, path) => {
    expect(() => compileExperiment(config)).toThrow(ExperimentConfigError);
    try {
      compileExperiment(config);
    } catch (error) {
      expect((error as ExperimentConfigError).problems.map((p) => p.path)).toContain(path);
    }
  });

  it("assignVariant throws the same error on first use of an invalid plain config", () => {
    expect(() => assignVariant({ id: "e", variants: [] }, "u")).toThrow(ExperimentConfigError);
    expect(() => assignVariant(experiment, "u", { holdout: { id: "h", share: 2 } })).toThrow(/invalid holdout/);
  });

  it("a look-alike of a compiled experiment is validated, not trusted", () => {
    const fake = Object.freeze({ kind: "compiled-experiment", id: "x" });
    expect(() => assignVariant(fake as never, "u")).toThrow(ExperimentConfigError);
  });
});

describe("checkLayerExclusivity", () => {
  const member = (id: string, range: [number, number], salt?: string): Experiment => ({
    id,
    variants: [{ id: "a" }],
    layer: salt === undefined ? { id: "checkout", range } : { id: "checkout", salt, range },
  });

  it("accepts disjoint slices and reports overlaps and salt mismatches with paths", () => {
    expect(checkLayerExclusivity([member("e1", [0, 0.3]), member("e2", [0.3, 0.6]), member("e3", [0.6, 1]), { id: "free", variants: [{ id: "a" }] }])).toEqual([]);
    const problems = checkLayerExclusivity([member("e1", [0, 0.5]), member("e2", [0.6, 0.7]), member("e3", [0.4, 0.65]), member("e4", [0.9, 1], "other")]);
    expect(problems.map((p) => p.path).sort()).toEqual(["/1/layer/range", "/2/layer/range", "/3/layer/salt"]);
    expect(problems.find((p) => p.path === "/2/layer/range")!.message).toMatch(/overlaps experiment "e1"/);
  });

  it("finds an overlap with a slice that is not the previous one", () => {
    expect(checkLayerExclusivity([member("wide", [0, 0.9]), member("a", [0.1, 0.2]), member("b", [0.5, 0.6])]).map((p) => p.path)).toEqual(["/1/layer/range", "/2/layer/range"]);
  });
});
