/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain), over the UTF-8 bytes of a
 * JavaScript string, computed without materialising the bytes.
 *
 * Strings are encoded as WHATWG `TextEncoder` does: surrogate pairs become 4-byte sequences and a
 * lone surrogate becomes U+FFFD (EF BF BD). The hash is a streaming fold, so the state after a
 * fixed prefix (an experiment's salt) can be computed once and continued per unit id.
 */
import { finishHash, mixBlock } from "./murmur3-mix.js";

/** The fold state after some bytes: running hash, a partly filled 4-byte block, bytes so far. */
export interface Murmur3State {
  readonly hash: number;
  readonly block: number;
  readonly blockBytes: number;
  readonly length: number;
}

/** The state before any byte, for a seed (an unsigned 32-bit integer). */
export function murmur3Start(seed = 0): Murmur3State {
  return { hash: seed | 0, block: 0, blockBytes: 0, length: 0 };
}

/** Folds the UTF-8 bytes of `text` into `state` and returns the new state. */
export function murmur3Absorb(state: Murmur3State, text: string): Murmur3State {
  let hash = state.hash;
  let block = state.block;
  let blockBytes = state.blockBytes;
  let length = state.length;
  const end = text.length;
  let i = 0;
  while (i < end) {
    const unit = text.charCodeAt(i++);
    // Fast path: aligned, and this unit and the next three are ASCII — one whole block.
    if (blockBytes === 0 && unit < 0x80 && i + 2 < end) {
      const b1 = text.charCodeAt(i);
      const b2 = text.charCodeAt(i + 1);
      const b3 = text.charCodeAt(i + 2);
      if ((b1 | b2 | b3) < 0x80) {
        hash = mixBlock(hash, unit | (b1 << 8) | (b2 << 16) | (b3 << 24));
        i += 3;
        length += 4;
        continue;
      }
    }
    // The unit's UTF-8 bytes, packed first byte lowest, and how many there are.
    let packed: number;
    let count: number;
    if (unit < 0x80) {
      packed = unit;
      count = 1;
    } else if (unit < 0x800) {
      packed = (0xc0 | (unit >> 6)) | ((0x80 | (unit & 0x3f)) << 8);
      count = 2;
    } else if (unit < 0xd800 || unit > 0xdfff) {
      packed = (0xe0 | (unit >> 12)) | ((0x80 | ((unit >> 6) & 0x3f)) << 8) | ((0x80 | (unit & 0x3f)) << 16);
      count = 3;
    } else {
      const next = i < end ? text.charCodeAt(i) : 0;
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        const point = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        packed =
          (0xf0 | (point >> 18)) |
          ((0x80 | ((point >> 12) & 0x3f)) << 8) |
          ((0x80 | ((point >> 6) & 0x3f)) << 16) |
          ((0x80 | (point & 0x3f)) << 24);
        count = 4;
      } else {
        packed = 0xef | (0xbf << 8) | (0xbd << 16); // lone surrogate → U+FFFD
        count = 3;
      }
    }
    length += count;
    while (count-- > 0) {
      block |= (packed & 0xff) << (blockBytes << 3);
      packed >>>= 8;
      if (++blockBytes === 4) {
        hash = mixBlock(hash, block);
        block = 0;
        blockBytes = 0;
      }
    }
  }
  return { hash, block, blockBytes, length };
}

/** Mixes in the partial block and the length and returns the unsigned 32-bit hash. */
export function murmur3Finish(state: Murmur3State): number {
  return finishHash(state.hash, state.block, state.blockBytes, state.length);
}

/** MurmurHash3 x86 32 of the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function murmur3(text: string, seed = 0): number {
  return murmur3Finish(murmur3Absorb(murmur3Start(seed), text));
}
