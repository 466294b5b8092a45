/**
 * The compact text form of the pinned tz database (written by scripts/compile-time-zones.ts into
 * tzdb-data.generated.ts) and its reader.
 *
 * Zones are separated by `;`, each `name|offsets|periods|transitions`:
 * - offsets: the zone's distinct UTC offsets, space-separated numbers of seconds east of UTC;
 * - periods: one base-36 digit per period, the index of its offset;
 * - transitions: space-separated, the instants (epoch seconds) where one period ends and the next
 *   starts, each as the difference from the previous one (the first from the epoch).
 * Numbers of seconds are written as whole minutes in base 36, a `.` and the remaining seconds in
 * base 36 when there are any, with a leading `-` when negative ("-4u" is −300 minutes, "h.u" is
 * 17 minutes 30 seconds). Transition times are nearly always whole minutes and repeat yearly, so
 * the text stays short and gzip finds the repeats.
 *
 * Links are `alias|index` with the zone's index (base 36) in the zone list.
 */

export const ZONE_SEPARATOR = ";";
export const FIELD_SEPARATOR = "|";

/** Seconds in the packed number form (see above). */
export function encodeSeconds(seconds: number): string {
  const magnitude = Math.abs(seconds);
  const minutes = Math.floor(magnitude / 60);
  const rest = magnitude - minutes * 60;
  return `${seconds < 0 ? "-" : ""}${minutes.toString(36)}${rest === 0 ? "" : `.${rest.toString(36)}`}`;
}

/** The inverse of `encodeSeconds`. */
export function decodeSeconds(text: string): number {
  const negative = text.charCodeAt(0) === 45; // "-"
  const dot = text.indexOf(".");
  const whole = text.slice(negative ? 1 : 0, dot === -1 ? text.length : dot);
  const seconds = parseInt(whole, 36) * 60 + (dot === -1 ? 0 : parseInt(text.slice(dot + 1), 36));
  return negative ? -seconds : seconds;
}

/** One zone, read: `offsets[i]` (ms east of UTC) is in force before `transitions[i]` and from `transitions[i - 1]` on. */
export interface ZoneTransitions {
  /** Epoch ms, increasing. */
  readonly transitions: Float64Array;
  /** One more than transitions: the offset of each period, in ms. */
  readonly offsets: Float64Array;
}

/** Reads one packed zone's fields (after its name). */
export function readPackedZone(offsetsField: string, periodsField: string, transitionsField: string): ZoneTransitions {
  const distinct = offsetsField.split(" ").map((text) => decodeSeconds(text) * 1000);
  const offsets = new Float64Array(periodsField.length);
  for (let i = 0; i < periodsField.length; i++) offsets[i] = distinct[parseInt(periodsField[i] as string, 36)] as number;
  const deltas = transitionsField === "" ? [] : transitionsField.split(" ");
  const transitions = new Float64Array(deltas.length);
  let seconds = 0;
  for (let i = 0; i < deltas.length; i++) {
    seconds += decodeSeconds(deltas[i] as string);
    transitions[i] = seconds * 1000;
  }
  return { transitions, offsets };
}

/** The offset in force at `at` (binary search: the period after the last transition at or before it). */
export function offsetInForce(zone: ZoneTransitions, at: number): number {
  const { transitions, offsets } = zone;
  let low = 0;
  let high = transitions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((transitions[middle] as number) <= at) low = middle + 1;
    else high = middle;
  }
  return offsets[low] as number;
}
