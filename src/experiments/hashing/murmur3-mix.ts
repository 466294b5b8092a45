/** The mixing steps of MurmurHash3 x86 32, shared by the byte encodings we hash. */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** The scrambled form of one little-endian 4-byte block (also used for the partial tail block). */
export function scrambleBlock(block: number): number {
  const k = Math.imul(block, C1);
  return Math.imul((k << 15) | (k >>> 17), C2);
}

/** Folds one whole 4-byte block into the running hash. */
export function mixBlock(hash: number, block: number): number {
  const h = hash ^ scrambleBlock(block);
  return (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
}

/** Tail block, length and the final avalanche; returns the unsigned 32-bit hash. */
export function finishHash(hash: number, tailBlock: number, tailBytes: number, length: number): number {
  let h = tailBytes > 0 ? hash ^ scrambleBlock(tailBlock) : hash;
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
