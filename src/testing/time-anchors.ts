import * as fc from "fast-check";

/*
 * Generated instants cluster around the instants a config names (a campaign's start and end, a
 * scheduled send), where its behaviour changes; far from them, every run would see the same thing.
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Used when a config names no instant (and besides the ones it names): a Monday. */
export const DEFAULT_ANCHOR = Date.UTC(2026, 0, 5, 0, 0, 0);

/** Instants within [anchor − before, anchor + after] of one of the anchors, to the second. */
export function instantNear(anchors: readonly number[], beforeMs: number, afterMs: number): fc.Arbitrary<number> {
  const all = anchors.length === 0 ? [DEFAULT_ANCHOR] : [...anchors];
  return fc
    .tuple(fc.constantFrom(...all), fc.integer({ min: -Math.floor(beforeMs / 1000), max: Math.floor(afterMs / 1000) }))
    .map(([anchor, seconds]) => anchor + seconds * 1000);
}
