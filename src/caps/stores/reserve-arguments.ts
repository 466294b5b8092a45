import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { zoneClock } from "../../time-zones/zone-clock.js";
import type { CapCandidate } from "../history/delivery.js";
import { STORED_HISTORY_LIMITS } from "../history/stored-history.js";
import type { CapReservation } from "./cap-store.js";
import { MAX_EPOCH_MS } from "../../time/timestamp.js";

// A store's arguments are checked before it reads anything, the same way in every store: a bad one
// is the caller's error (TypeError), never a reason to fail closed, and a candidate that passes is
// one whose delivery every store can write and read back (see STORED_HISTORY_LIMITS).

function text(value: unknown, what: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > STORED_HISTORY_LIMITS.text) throw new TypeError(`${what} must be a string of 1 to ${STORED_HISTORY_LIMITS.text} characters`);
  return value;
}

function optionalText(value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : text(value, what);
}

function optionalFlag(value: unknown, what: string): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") throw new TypeError(`${what} must be a boolean`);
  return value;
}

/** A user id: a non-empty string. */
export function checkedUserId(userId: unknown): string {
  if (typeof userId !== "string" || userId === "") throw new TypeError("userId must be a non-empty string");
  return userId;
}

/**
 * The candidate's fields, read once and copied (tags frozen), so that what is checked is what is
 * recorded and a caller changing its object afterwards changes nothing stored. Other fields (a
 * decision's `at` or `id`) are ignored.
 */
export function checkedCandidate(candidate: unknown): CapCandidate {
  if (typeof candidate !== "object" || candidate === null) throw new TypeError("candidate must be an object");
  const { channel, campaign, tags, placement, session, ignoreCaps, ignoreQuietHours, counts } = candidate as Record<string, unknown>;
  let copiedTags: readonly string[] | undefined;
  if (tags !== undefined) {
    if (!Array.isArray(tags) || tags.length > STORED_HISTORY_LIMITS.tags) throw new TypeError(`candidate.tags must be an array of at most ${STORED_HISTORY_LIMITS.tags} strings`);
    copiedTags = Object.freeze(Array.from(tags, (tag: unknown, index) => text(tag, `candidate.tags[${index}]`)));
  }
  const checked: { -readonly [K in keyof CapCandidate]: CapCandidate[K] } = { channel: text(channel, "candidate.channel"), campaign: text(campaign, "candidate.campaign") };
  if (copiedTags !== undefined) checked.tags = copiedTags;
  const checkedPlacement = optionalText(placement, "candidate.placement");
  if (checkedPlacement !== undefined) checked.placement = checkedPlacement;
  const checkedSession = optionalText(session, "candidate.session");
  if (checkedSession !== undefined) checked.session = checkedSession;
  const flags = { ignoreCaps: optionalFlag(ignoreCaps, "candidate.ignoreCaps"), ignoreQuietHours: optionalFlag(ignoreQuietHours, "candidate.ignoreQuietHours"), counts: optionalFlag(counts, "candidate.counts") };
  if (flags.ignoreCaps !== undefined) checked.ignoreCaps = flags.ignoreCaps;
  if (flags.ignoreQuietHours !== undefined) checked.ignoreQuietHours = flags.ignoreQuietHours;
  if (flags.counts !== undefined) checked.counts = flags.counts;
  return Object.freeze(checked);
}

/** `now`: epoch milliseconds within the Date range. */
export function checkedNow(now: unknown): number {
  if (typeof now !== "number" || !(Math.abs(now) <= MAX_EPOCH_MS)) throw new TypeError(`now must be epoch milliseconds within ±8.64e15, got ${typeof now === "number" ? String(now) : typeof now}`);
  return now;
}

/** An IANA time zone the store's provider knows, or a fixed offset. */
export function checkedTimeZone(timeZone: unknown, timeZones: TimeZoneProvider): string {
  if (!zoneClock(timeZones).isValid(timeZone)) throw new TypeError(`${typeof timeZone === "string" ? JSON.stringify(timeZone.slice(0, 64)) : `a ${typeof timeZone}`} is not a known IANA time zone or offset`);
  return timeZone;
}

/** A reservation as `reserve` returned it: the user id and the reserved delivery's id. */
export function checkedReservation(reservation: unknown): { readonly userId: string; readonly id: string } {
  if (typeof reservation !== "object" || reservation === null) throw new TypeError("reservation must be what reserve returned");
  const { userId, delivery } = reservation as Partial<CapReservation>;
  const id = typeof delivery === "object" && delivery !== null ? (delivery as { id?: unknown }).id : undefined;
  if (typeof id !== "string" || id === "") throw new TypeError("reservation.delivery.id must be a non-empty string");
  return { userId: checkedUserId(userId), id };
}
