import { murmur3Absorb, murmur3Finish, murmur3Start } from "../../experiments/hashing/murmur3.js";

/**
 * JSON with every object's keys sorted (by UTF-16 code units, as Array.prototype.sort does), so
 * that the digest survives stores that reorder keys (PostgreSQL jsonb, other languages' JSON
 * libraries). Values that JSON has no text for (undefined, functions) are left out as
 * JSON.stringify leaves them out.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined || typeof item === "function" ? "null" : canonicalJson(item))).join(",")}]`;
  const entries: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === "function") continue;
    entries.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
  }
  return `{${entries.join(",")}}`;
}

/** The prepared engine's checksum: MurmurHash3 x86 32 (seed 0) of its canonical JSON, as 8 hex digits. */
export function configDigest(engine: unknown): string {
  return murmur3Finish(murmur3Absorb(murmur3Start(0), canonicalJson(engine))).toString(16).padStart(8, "0");
}
