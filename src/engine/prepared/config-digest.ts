import { murmur3Absorb, murmur3Finish, murmur3Start, type Murmur3State } from "../../experiments/hashing/murmur3.js";

/** Strings JSON.stringify writes as they are between quotes: no quote, backslash, control character or surrogate. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** What JSON.stringify writes for a value that is not an object (null for undefined and functions). */
function primitiveJson(value: unknown): string {
  if (typeof value === "string") return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  return JSON.stringify(value) ?? "null";
}

/**
 * Writes the canonical JSON of `value`, piece by piece: JSON with every object's keys sorted (by
 * UTF-16 code units, as Array.prototype.sort does), so that the digest survives stores that
 * reorder keys (PostgreSQL jsonb, other languages' JSON libraries). Values that JSON has no text
 * for (undefined, functions) are left out as JSON.stringify leaves them out.
 */
function writeCanonical(value: unknown, write: (text: string) => void): void {
  if (value === null || typeof value !== "object") {
    write(primitiveJson(value));
  } else if (Array.isArray(value)) {
    write("[");
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (index > 0) write(",");
      if (item === undefined || typeof item === "function") write("null");
      else writeCanonical(item, write);
    }
    write("]");
  } else {
    let separator = "{";
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined || typeof item === "function") continue;
      write(`${separator}${primitiveJson(key)}:`);
      separator = ",";
      writeCanonical(item, write);
    }
    write(separator === "{" ? "{}" : "}");
  }
}

/** The canonical JSON of a value as one string (what the digest hashes). */
export function canonicalJson(value: unknown): string {
  const pieces: string[] = [];
  writeCanonical(value, (text) => pieces.push(text));
  return pieces.join("");
}

/**
 * The prepared engine's checksum: MurmurHash3 x86 32 (seed 0) of its canonical JSON, as 8 hex
 * digits. The pieces are hashed as they are written: building the whole text first took most of
 * loadEngine's time on large configs.
 */
export function configDigest(engine: unknown): string {
  let state: Murmur3State = murmur3Start(0);
  writeCanonical(engine, (text) => {
    state = murmur3Absorb(state, text);
  });
  return murmur3Finish(state).toString(16).padStart(8, "0");
}
