import { readFileSync } from "node:fs";
import fc from "fast-check";
import murmurhash from "murmurhash";
import { describe, expect, it } from "vitest";
import { BUCKET_COUNT, bucketOf, bucketShare, hashUnit, murmur3 } from "../../src/experiments/index.js";
import { murmur3LowBytes } from "../../src/experiments/hashing/murmur3-low-bytes.js";

const doc = readFileSync(new URL("../../docs/bucketing.md", import.meta.url), "utf8");

/** The rows of the "Test vectors" table in docs/bucketing.md. */
function publishedVectors(): Array<{ salt: string; unitId: string; hex: string; value: number; bucket: number }> {
  const section = doc.slice(doc.indexOf("### Test vectors"), doc.indexOf("## From buckets to variants"));
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const cells = line.split("|").slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, ""));
      return { salt: JSON.parse(cells[0]!), unitId: JSON.parse(cells[1]!), hex: cells[2]!, value: Number(cells[3]), bucket: Number(cells[4]) };
    });
}

const anyString = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.string({ unit: "binary", maxLength: 200 }));

describe("the default hash (docs/bucketing.md)", () => {
  const vectors = publishedVectors();

  it("publishes vectors including non-ASCII ids, a lone surrogate, \"\" and \"0\"", () => {
    expect(vectors.length).toBeGreaterThanOrEqual(10);
    const ids = vectors.map((vector) => vector.unitId);
    expect(ids).toEqual(expect.arrayContaining(["", "0", "\u00fc", "\ud83d\ude00", "\ud800"]));
  });

  it.each(publishedVectors())("salt $salt, unit $unitId → $value / bucket $bucket", ({ salt, unitId, hex, value, bucket }) => {
    const trace = hashUnit(salt, unitId);
    expect(trace.input).toBe(`${salt}:${unitId}`);
    expect(Buffer.from(new TextEncoder().encode(trace.input)).toString("hex")).toBe(hex);
    expect(trace.value).toBe(value);
    expect(trace.value).toBe(murmurhash.v3(trace.input, 0)); // an independent implementation
    expect(trace.bucket).toBe(bucket);
  });

  it("MurmurHash3 reference values (SMHasher)", () => {
    expect(murmur3("")).toBe(0);
    expect(murmur3("", 1)).toBe(0x514e28b7);
    expect(murmur3("hello world")).toBe(0x5e928f0f);
  });

  it("equals murmurhash's MurmurHash3 over TextEncoder bytes, for any string and seed", () => {
    fc.assert(
      fc.property(anyString, fc.integer({ min: 0, max: 0xffffffff }), (text, seed) => murmur3(text, seed) === murmurhash.v3(text, seed)),
      { numRuns: 2000 },
    );
  });

  it("hashing salt:unitId equals hashing the whole text at once (the salt's state is reused)", () => {
    fc.assert(fc.property(anyString, anyString, (salt, unitId) => hashUnit(salt, unitId).value === murmur3(`${salt}:${unitId}`)), { numRuns: 1000 });
  });

  it("the low-byte variant equals UTF-8 for ASCII text", () => {
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }), fc.nat(), (text, seed) => murmur3LowBytes(text, seed) === murmur3(text, seed)));
  });
});

describe("buckets", () => {
  it("floor(value × 10000 / 2^32) at the edges", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0xffffffff)).toBe(BUCKET_COUNT - 1);
    expect(bucketOf(429_496)).toBe(0);
    expect(bucketOf(429_497)).toBe(1); // ceil(2^32 / 10000) = 429,497 is the first value of bucket 1
  });

  it("bucketShare measures hash values exactly: all buckets add up to 1", () => {
    expect(bucketShare(0, BUCKET_COUNT)).toBe(1);
    expect(bucketShare(0, 5000)).toBe(0.5);
    expect(bucketShare(3, 3)).toBe(0);
    let sum = 0;
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) sum += bucketShare(bucket, bucket + 1) * 2 ** 32;
    expect(sum).toBe(2 ** 32);
  });

  it("every bucket holds 429,496 or 429,497 hash values and bucketOf agrees with the boundaries", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: BUCKET_COUNT - 1 }), (bucket) => {
        const count = bucketShare(bucket, bucket + 1) * 2 ** 32;
        const first = Math.ceil((bucket * 2 ** 32) / BUCKET_COUNT);
        return (count === 429_496 || count === 429_497) && bucketOf(first) === bucket && (first === 0 || bucketOf(first - 1) === bucket - 1);
      }),
    );
  });
});
