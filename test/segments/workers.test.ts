import { Worker } from "node:worker_threads";
import seedrandom from "seedrandom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { evaluateSegmentsInWorkers } from "../../src/node/segment-workers/index.js";
import { SegmentWorkerPool } from "../../src/node/segment-workers/segment-worker-pool.js";
import { compileSegments, evaluateSegments, foldEvents, SegmentConfigError, type MembershipRow } from "../../src/segments/index.js";

// Workers run the TypeScript source through tsx here (see worker-script.ts); dist/ is not needed.
const NOW = "2026-11-23T12:00:00Z";
const DAY = 86_400_000;
const policy = { events: { purchase: { properties: { amount: { decimals: 2 } } }, app_open: {} }, horizonDays: 90 };
const definitions = [
  { id: "pro", rule: { in: [{ var: "user.attributes.plan" }, ["pro", "team"]] } },
  { id: "buyers-30d", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 1] } },
  { id: "frequent", rule: { ">=": [{ event_count: ["app_open", "7d"] }, 3] } },
  { id: "dormant", rule: { ">=": [{ days_since_last: "app_open" }, 14] } },
  { id: "pro-buyers", rule: true, include: ["pro", "buyers-30d"], exclude: ["dormant"] },
  { id: "free-regulars", rule: { "==": [{ var: "user.attributes.plan" }, "free"] }, include: ["frequent"] },
];

/** Seeded, so every run evaluates the same profiles; some have no id, one a numeric id. */
function randomProfiles(count: number, seed: string): unknown[] {
  const random = seedrandom(seed);
  const plans = ["free", "pro", "team"];
  const end = Date.parse(NOW);
  return Array.from({ length: count }, (_, index) => {
    const events = Array.from({ length: Math.floor(random() * 12) }, (_, event) => ({
      id: `${index}-${event}`,
      name: random() < 0.3 ? "purchase" : "app_open",
      time: end - Math.floor(random() * 60 * DAY),
      properties: { amount: Math.round(random() * 20_000) / 100 },
    }));
    const behaviour = foldEvents(null, events, policy, { now: NOW });
    const id = index % 97 === 0 ? undefined : index % 89 === 0 ? index : `u${index}`;
    return { ...(id === undefined ? {} : { id }), attributes: { plan: plans[Math.floor(random() * plans.length)] }, behaviour };
  });
}

/** An async input that also yields to the event loop now and then, as a real source would. */
async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const [index, item] of items.entries()) {
    if (index % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

async function rowsOf(evaluation: AsyncIterable<MembershipRow>): Promise<MembershipRow[]> {
  const rows: MembershipRow[] = [];
  for await (const row of evaluation) rows.push(row);
  return rows;
}

/** Every worker the pool started (each is sent at least one chunk), to check none outlives the evaluation. */
function watchWorkers(): () => Worker[] {
  const postMessage = vi.spyOn(Worker.prototype, "postMessage");
  return () => [...new Set(postMessage.mock.contexts as Worker[])];
}

const expectAllExited = (workers: Worker[]): void => {
  expect(workers.length).toBeGreaterThan(0);
  for (const worker of workers) expect(worker.threadId).toBe(-1); // -1 once the thread is gone
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("evaluateSegmentsInWorkers", () => {
  const profiles = randomProfiles(3000, "segment-workers");
  const reference = evaluateSegments(profiles, compileSegments(definitions), NOW);
  const expectedRows = [...reference];
  const expectedCounts = reference.counts;

  it("streams the same rows, in input order, and the same counts as evaluateSegments", async () => {
    const workers = watchWorkers();
    const evaluation = evaluateSegmentsInWorkers(profiles, definitions, NOW, { workers: 3, chunkSize: 128 });
    expect(evaluation.done).toBe(false);
    const rows = await rowsOf(evaluation);
    expect(rows).toEqual(expectedRows);
    expect(evaluation.counts).toEqual(expectedCounts);
    expect(evaluation.done).toBe(true);
    expect(Object.values(expectedCounts.members).every((members) => members > 0 && members < profiles.length)).toBe(true);
    expectAllExited(workers());
    await expect(rowsOf(evaluation)).rejects.toThrow(/only once/);
  });

  it("reads an async iterable input", async () => {
    const evaluation = evaluateSegmentsInWorkers(slowly(profiles.slice(0, 1000)), definitions, Date.parse(NOW), { workers: 2, chunkSize: 64 });
    expect(await rowsOf(evaluation)).toEqual(expectedRows.slice(0, 1000));
    expect(evaluation.counts.profiles).toBe(1000);
  });

  it("stops every worker on an early break; counts cover the rows streamed", async () => {
    const workers = watchWorkers();
    const evaluation = evaluateSegmentsInWorkers(profiles, definitions, NOW, { workers: 2, chunkSize: 100 });
    const rows: MembershipRow[] = [];
    for await (const row of evaluation) {
      rows.push(row);
      if (rows.length === 150) break;
    }
    expect(rows).toEqual(expectedRows.slice(0, 150));
    expect(evaluation.counts.profiles).toBe(150);
    expect(evaluation.done).toBe(false);
    expectAllExited(workers());
  });

  it("ends with return(): no rows after it, and the input is closed", async () => {
    const workers = watchWorkers();
    let closed = false;
    async function* input(): AsyncGenerator<unknown> {
      try {
        yield* profiles;
      } finally {
        closed = true;
      }
    }
    const iterator = evaluateSegmentsInWorkers(input(), definitions, NOW, { workers: 2, chunkSize: 50 })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(expectedRows[0]);
    expect(await iterator.return?.()).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(closed).toBe(true);
    expectAllExited(workers());
  });

  it("validates definitions, now and options in the calling thread, at once", () => {
    expect(() => evaluateSegmentsInWorkers(profiles, [{ id: "a", rule: { nope: [1] } }], NOW)).toThrow(SegmentConfigError);
    expect(() => evaluateSegmentsInWorkers(profiles, [{ id: "a", rule: true, include: ["b"] }], NOW)).toThrow(SegmentConfigError);
    expect(() => evaluateSegmentsInWorkers(profiles, definitions, "yesterday")).toThrow(TypeError);
    expect(() => evaluateSegmentsInWorkers(profiles, definitions, NOW, { workers: 0 })).toThrow(RangeError);
    expect(() => evaluateSegmentsInWorkers(profiles, definitions, NOW, { chunkSize: 1.5 })).toThrow(RangeError);
    expect(() => evaluateSegmentsInWorkers(42 as never, definitions, NOW)).toThrow(TypeError);
    const operators = { segmentOptions: { operators: { twice: (value: unknown) => Number(value) * 2 } } as never };
    expect(() => evaluateSegmentsInWorkers(profiles, definitions, NOW, operators)).toThrow(/cannot be sent to worker threads/);
  });

  it("propagates an error thrown by the input and stops the workers", async () => {
    const workers = watchWorkers();
    function* input(): Generator<unknown> {
      yield* profiles.slice(0, 700);
      throw new Error("profile source broke");
    }
    const rows: MembershipRow[] = [];
    const loop = (async () => {
      for await (const row of evaluateSegmentsInWorkers(input(), definitions, NOW, { workers: 2, chunkSize: 100 })) rows.push(row);
    })();
    await expect(loop).rejects.toThrow("profile source broke");
    expect(rows).toEqual(expectedRows.slice(0, rows.length));
    expectAllExited(workers());
  });

  it("names a profile that cannot be sent to a worker", async () => {
    const workers = watchWorkers();
    const input = [...profiles.slice(0, 250), { id: "callback", attributes: { plan: "pro" }, notify: () => undefined }];
    await expect(rowsOf(evaluateSegmentsInWorkers(input, definitions, NOW, { workers: 2, chunkSize: 100 }))).rejects.toThrow(
      /profile #250 cannot be sent to a worker thread: profiles must be structured-cloneable/,
    );
    expectAllExited(workers());
  });

  it("fails every chunk in flight when a worker crashes", async () => {
    // Definitions the worker cannot compile make its script throw: the crash of a worker thread.
    const pool = new SegmentWorkerPool({ definitions: [{ id: "a", rule: { nope: [] } }], segmentOptions: {}, now: Date.parse(NOW) }, 2);
    const chunks = [pool.evaluate([{ id: "1" }], 0), pool.evaluate([{ id: "2" }], 1)];
    for (const chunk of chunks) await expect(chunk).rejects.toThrow(/invalid segment definitions/);
    await expect(pool.evaluate([{ id: "3" }], 2)).rejects.toThrow(/invalid segment definitions/);
    await pool.close();
  });
});
