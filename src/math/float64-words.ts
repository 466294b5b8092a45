/**
 * The two 32-bit halves of an IEEE 754 double, as fdlibm's GET_HIGH_WORD / INSERT_WORDS macros read
 * and write them. A DataView with an explicit (big-endian) byte order: the same bits on every
 * platform, with no endianness probe.
 */
const view = new DataView(new ArrayBuffer(8));

/** The sign, the 11 exponent bits and the top 20 significand bits of `x`, as a signed 32-bit integer. */
export function highWord(x: number): number {
  view.setFloat64(0, x);
  return view.getInt32(0);
}

/** The low 32 significand bits of `x`, as an unsigned 32-bit integer. */
export function lowWord(x: number): number {
  view.setFloat64(0, x);
  return view.getUint32(4);
}

/** The double whose high and low 32-bit words are `high` and `low`. */
export function fromWords(high: number, low: number): number {
  view.setInt32(0, high);
  view.setUint32(4, low >>> 0);
  return view.getFloat64(0);
}
