import { finishHash, mixBlock } from "./murmur3-mix.js";

/**
 * MurmurHash3 x86 32 over the low byte of each UTF-16 code unit (`charCodeAt(i) & 0xff`), with
 * the string's UTF-16 length as the byte count. Not a Unicode encoding: this reproduces the
 * `murmurhash3js` package (used by unleash-client for Node) and Optimizely's JS SDKs up to 4.9,
 * which agree with UTF-8 for ASCII text only.
 */
export function murmur3LowBytes(text: string, seed = 0): number {
  let hash = seed | 0;
  const length = text.length;
  const whole = length - (length & 3);
  let i = 0;
  for (; i < whole; i += 4) {
    hash = mixBlock(
      hash,
      (text.charCodeAt(i) & 0xff) | ((text.charCodeAt(i + 1) & 0xff) << 8) | ((text.charCodeAt(i + 2) & 0xff) << 16) | ((text.charCodeAt(i + 3) & 0xff) << 24),
    );
  }
  let tail = 0;
  for (let shift = 0; i < length; i++, shift += 8) tail |= (text.charCodeAt(i) & 0xff) << shift;
  return finishHash(hash, tail, length & 3, length);
}
