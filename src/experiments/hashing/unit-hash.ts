import { bucketOf } from "./bucket.js";
import { murmur3Absorb, murmur3Finish, murmur3Start, type Murmur3State } from "./murmur3.js";

/** Put between the salt and the unit id, so the hashed text reads `salt:unitId`. */
export const HASH_SEPARATOR = ":";

/** Everything needed to recompute an assignment by hand. */
export interface HashTrace {
  /** The exact text hashed: salt, separator, unit id (hashed as UTF-8). */
  readonly input: string;
  /** MurmurHash3 x86 32 (seed 0) of the input's UTF-8 bytes, unsigned. */
  readonly value: number;
  /** floor(value × 10000 / 2^32), in 0…9999. */
  readonly bucket: number;
}

/** Hashes unit ids under one salt; the salt's bytes are folded once, not per unit. */
export type UnitHasher = (unitId: string) => HashTrace;

export function createUnitHasher(salt: string): UnitHasher {
  const prefix = salt + HASH_SEPARATOR;
  const prefixState: Murmur3State = murmur3Absorb(murmur3Start(0), prefix);
  return (unitId) => {
    const value = murmur3Finish(murmur3Absorb(prefixState, unitId));
    return { input: prefix + unitId, value, bucket: bucketOf(value) };
  };
}

/** The default hash of a unit under a salt (see docs/bucketing.md). */
export function hashUnit(salt: string, unitId: string): HashTrace {
  return createUnitHasher(salt)(unitId);
}
