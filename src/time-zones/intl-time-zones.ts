import type { TimeZoneProvider } from "./time-zone-provider.js";

const MINUTE = 60_000;
/** Bounded: a stream of distinct zone names cannot grow memory. */
const MAX_FORMATS = 1_000;
const formats = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter that prints the offset ("GMT+05:30", "GMT-00:44:30", "GMT"), or null for a zone Intl does not know. */
function offsetFormat(zone: string): Intl.DateTimeFormat | null {
  let format = formats.get(zone);
  if (format !== undefined) return format;
  try {
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
  } catch {
    format = null;
  }
  if (formats.size >= MAX_FORMATS) formats.clear();
  formats.set(zone, format);
  return format;
}

/** "GMT-00:44:30" → −2,670,000 ms: the sign applies to every part. */
function parseLongOffset(text: string): number {
  const at = text.lastIndexOf("GMT");
  const offset = text.slice(at + 3);
  if (offset === "") return 0;
  const sign = offset[0] === "-" || offset[0] === "\u2212" ? -1 : 1;
  const [hours = "0", minutes = "0", seconds = "0"] = offset.slice(1).split(":");
  return sign * (Number(hours) * 60 * MINUTE + Number(minutes) * MINUTE + Number(seconds) * 1000);
}

/**
 * The runtime's time zones, through `Intl.DateTimeFormat` (the default provider): nothing is added
 * to the bundle, and the answers are those of the tz database release the runtime carries (Node's
 * ICU, the browser's), which differ between runtimes where releases differ. Use `pinnedTimeZones`
 * (nudgekit/time-zones) where a server and browsers must agree.
 *
 * @example
 * import { createEngine, intlTimeZones } from "nudgekit";
 *
 * createEngine(config, { timeZones: intlTimeZones }); // the same as createEngine(config)
 * intlTimeZones.offsetAt("Asia/Kolkata", Date.parse("2026-01-01T00:00:00Z")); // → 19800000
 */
export const intlTimeZones: TimeZoneProvider = Object.freeze({
  name: "Intl",
  version: undefined,
  isKnownZone(zone: string): boolean {
    return offsetFormat(zone) !== null;
  },
  offsetAt(zone: string, at: number): number {
    const format = offsetFormat(zone);
    if (format === null) return Number.NaN;
    try {
      return parseLongOffset(format.format(at));
    } catch {
      return Number.NaN;
    }
  },
});
