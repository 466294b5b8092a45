import type { CapCandidate, CapPolicyInput } from "../../src/caps/index.js";
import { refused, type Outcome, type Scenario, type Step } from "./cap-store-harness.js";

/**
 * The cap-store scenario table: policy, stored state, calls and the outcome each must have. Every
 * store runs it (test/redis/cap-store-agreement.test.ts: MemoryCapStore and RedisCapStore against a
 * real redis-server) and must give exactly these outcomes. Time passes by `now` alone: for Redis,
 * the harness lets the keys' time to live run down by as much (PTTL, PEXPIRE, DEL), never waiting.
 */

const M = 60_000;
const H = 60 * M;
const D = 24 * H;
/** A Monday, 13:00 in Paris. */
const T = Date.parse("2026-11-23T12:00:00Z");
const at = (iso: string): number => Date.parse(iso);

const push: CapCandidate = { channel: "push", campaign: "promo" };
const email: CapCandidate = { channel: "email", campaign: "newsletter" };
const sms: CapCandidate = { channel: "sms", campaign: "flash-sale" };
const marketingPush: CapCandidate = { channel: "push", campaign: "cart", tags: ["marketing"] };
const marketingEmail: CapCandidate = { channel: "email", campaign: "price-drop", tags: ["marketing"] };
/** Categories as the engine maps them: transactional ignores caps and quiet hours and counts for nothing; regulatory ignores caps and counts. */
const transactional: CapCandidate = { channel: "email", campaign: "receipt", ignoreCaps: true, ignoreQuietHours: true, counts: false };
const regulatory: CapCandidate = { channel: "email", campaign: "terms-update", ignoreCaps: true };
const homeModal = (session: string): CapCandidate => ({ channel: "in_app", campaign: "tip", placement: "home", session });

const reserve = (candidate: CapCandidate, when: number, expect: Outcome, more: { user?: string; zone?: string; as?: string; tamper?: boolean } = {}): Step => {
  const { as, tamper, ...call } = more;
  return { reserve: { candidate, at: when, ...call }, expect, ...(as === undefined ? {} : { as }), ...(tamper === undefined ? {} : { tamper }) };
};

const threeADay: CapPolicyInput = { caps: [{ id: "3-a-day", scope: { all: true }, limit: 3, window: { calendar: "day" } }] };
const nextUtcMidnight = at("2026-11-24T00:00:00Z");

/** A stored text as Redis holds it. */
const storedText = (deliveries: readonly unknown[]): string => JSON.stringify({ v: 1, deliveries });
const sent = (when: number, fields: Record<string, unknown> = {}): Record<string, unknown> => ({ at: when, channel: "push", campaign: "promo", ...fields });
/** A delivery whose extra field `x` is nested `depth` deep (JSON.stringify cannot write it back). */
const deeplyNested = (depth: number): string => `{"v":1,"deliveries":[{"at":${T - M},"channel":"push","campaign":"promo","x":${"[".repeat(depth)}${"]".repeat(depth)}}]}`;
const manyDeliveries = (count: number): string => `{"v":1,"deliveries":[${Array.from({ length: count }, (_, i) => `{"at":${T - D + i},"channel":"push","campaign":"p"}`).join(",")}]}`;

/** Stored texts that are not well-formed histories: each makes every reserve and release of that user fail closed, and no other user's. */
export const UNREADABLE_STORED_TEXTS: readonly (readonly [string, string])[] = [
  ["not JSON", "{not json"],
  ["JSON null", "null"],
  ["a JSON string", '"{\\"v\\":1}"'],
  ["an array", "[]"],
  ["another version", JSON.stringify({ v: 2, deliveries: [] })],
  ["no version", JSON.stringify({ deliveries: [] })],
  ["deliveries not an array", JSON.stringify({ v: 1, deliveries: { 0: sent(T - M) } })],
  ["a delivery that is not an object", storedText([sent(T - M), 42])],
  ["a deeply nested extra field (20,000 levels)", deeplyNested(20_000)],
  ["a deeply nested known field", `{"v":1,"deliveries":[{"at":${"[".repeat(20_000)}${"]".repeat(20_000)},"channel":"push","campaign":"promo"}]}`],
  ["tags as a string", storedText([sent(T - M, { tags: "marketing" })])],
  ["a tag that is not a string", storedText([sent(T - M, { tags: ["marketing", 7] })])],
  ["a nested tag", storedText([sent(T - M, { tags: [["marketing"]] })])],
  ["at as text", storedText([sent(T - M, { at: String(T - M) })])],
  ["at null (NaN written as JSON)", storedText([sent(T - M, { at: null })])],
  ["at NaN (not JSON)", `{"v":1,"deliveries":[{"at":NaN,"channel":"push","campaign":"promo"}]}`],
  ["at 1e300", storedText([sent(1e300)])],
  ["at 8640000000000001 (after the Date range)", storedText([sent(8_640_000_000_000_001)])],
  ["at -1e300", storedText([sent(-1e300)])],
  ["counts as text", storedText([sent(T - M, { counts: "false" })])],
  ["an empty channel", storedText([sent(T - M, { channel: "" })])],
  ["a campaign of 1,025 characters", storedText([sent(T - M, { campaign: "c".repeat(1_025) })])],
  ["no campaign", storedText([{ at: T - M, channel: "push" }])],
  ["an id that is a number", storedText([sent(T - M, { id: 12 })])],
  ["an unknown field", storedText([sent(T - M, { priority: 1 })])],
  ["a __proto__ field", `{"v":1,"deliveries":[{"__proto__":{"counts":false},"at":${T - M},"channel":"push","campaign":"promo"}]}`],
  ["a constructor field", storedText([sent(T - M, { constructor: { prototype: { counts: false } } })])],
  ["a __proto__ field in the document", `{"v":1,"deliveries":[],"__proto__":{"deliveries":[]}}`],
  ["1,001 tags on one delivery", storedText([sent(T - M, { tags: Array.from({ length: 1_001 }, (_, i) => `t${i}`) })])],
  ["100,001 deliveries", manyDeliveries(100_001)],
];

const unreadableScenarios: Scenario[] = UNREADABLE_STORED_TEXTS.map(([what, text]) => ({
  name: `hostile stored state: ${what} → fails closed (CapStoreUnavailableError), for that user only`,
  policy: { caps: [{ id: "marketing-1-a-day", scope: { tag: "marketing" }, limit: 1, window: { calendar: "day" } }, { id: "3-a-day", scope: { all: true }, limit: 3, window: { calendar: "day" } }] },
  stored: [["u", text]],
  steps: [
    reserve(marketingPush, T, "unavailable"),
    reserve(transactional, T + 1, "unavailable"), // even a send that ignores caps: the store cannot record it
    { release: { userId: "u", delivery: { id: "r-1", at: T, channel: "push", campaign: "promo" } }, expect: "unavailable" },
    reserve(marketingPush, T + 2, "granted", { user: "someone-else" }),
    reserve(marketingPush, T + D, "unavailable"), // for ever, not just once
  ],
}));

export const CAP_STORE_SCENARIOS: readonly Scenario[] = [
  {
    name: "global rolling cap: 2 in any 24 h across channels, the oldest leaving frees a slot",
    policy: { caps: [{ id: "pressure", scope: { all: true }, limit: 2, window: { rolling: "24h" } }] },
    steps: [
      reserve(push, T, "granted"),
      reserve(email, T + H, "granted"),
      reserve(push, T + 2 * H, refused("pressure", "cap", T + D)),
      reserve(push, T + D - 1, refused("pressure", "cap", T + D)),
      reserve(push, T + D, "granted"),
      reserve(push, T + D + 1, refused("pressure", "cap", T + H + D)),
      reserve(push, T + 2 * D, "granted"),
      reserve(push, T + 40 * D, "granted"), // long after every key expired
    ],
  },
  {
    name: "calendar day in Europe/Paris on the day clocks go forward (a 23-hour day): the next local midnight",
    policy: { caps: [{ id: "push-1-a-day", scope: { channel: "push" }, limit: 1, window: { calendar: "day" } }] },
    steps: [
      reserve(push, at("2026-03-29T10:00:00Z"), "granted", { zone: "Europe/Paris" }),
      reserve(push, at("2026-03-29T11:00:00Z"), refused("push-1-a-day", "cap", at("2026-03-29T22:00:00Z")), { zone: "Europe/Paris" }),
      reserve(email, at("2026-03-29T11:00:00Z"), "granted", { zone: "Europe/Paris" }),
      reserve(push, at("2026-03-29T21:59:59.999Z"), refused("push-1-a-day", "cap", at("2026-03-29T22:00:00Z")), { zone: "Europe/Paris" }),
      reserve(push, at("2026-03-29T22:00:00Z"), "granted", { zone: "Europe/Paris" }),
    ],
  },
  {
    name: "calendar week (from Monday, UTC) and month (America/New_York)",
    policy: {
      caps: [
        { id: "sms-1-a-week", scope: { channel: "sms" }, limit: 1, window: { calendar: "week" } },
        { id: "email-1-a-month", scope: { channel: "email" }, limit: 1, window: { calendar: "month" } },
      ],
    },
    steps: [
      reserve(sms, T, "granted"),
      reserve(sms, at("2026-11-29T23:59:59.999Z"), refused("sms-1-a-week", "cap", at("2026-11-30T00:00:00Z"))),
      reserve(sms, at("2026-11-30T00:00:00Z"), "granted"),
      reserve(email, at("2026-11-30T01:00:00Z"), "granted", { zone: "America/New_York" }),
      reserve(email, at("2026-11-30T02:00:00Z"), refused("email-1-a-month", "cap", at("2026-12-01T05:00:00Z")), { zone: "America/New_York" }),
      reserve(email, at("2026-12-01T05:00:00Z"), "granted", { zone: "America/New_York" }),
    ],
  },
  {
    name: "session cap: a session is counted until the user's next send in another session, however long that takes (was forgotten by Redis after 48 h)",
    policy: { caps: [{ id: "one-home-modal-per-session", scope: { placement: "home" }, limit: 1, window: { session: true } }] },
    steps: [
      reserve(homeModal("s1"), T, "granted"),
      reserve(homeModal("s1"), T + M, refused("one-home-modal-per-session", "cap", null)),
      reserve(homeModal("s1"), T + 49 * H, refused("one-home-modal-per-session", "cap", null)),
      reserve(homeModal("s1"), T + 400 * D, refused("one-home-modal-per-session", "cap", null)),
      reserve(push, T + 400 * D, "granted"), // outside the placement; a send without a session keeps every session
      reserve(homeModal("s1"), T + 401 * D, refused("one-home-modal-per-session", "cap", null)),
      reserve(homeModal("s2"), T + 401 * D + M, "granted"), // a new session: s1 is over
      // s1's send ends s2 in turn, but only for sends older than maxClockSkewMs (5 minutes): a decider
      // whose clock is behind may still be in s2.
      reserve(homeModal("s1"), T + 401 * D + 3 * M, "granted"),
      reserve(homeModal("s2"), T + 401 * D + 4 * M, refused("one-home-modal-per-session", "cap", null)),
      reserve(homeModal("s3"), T + 401 * D + 20 * M, "granted"),
      reserve(homeModal("s2"), T + 401 * D + 30 * M, "granted"),
      reserve(homeModal("s2"), T + 401 * D + 31 * M, refused("one-home-modal-per-session", "cap", null)),
    ],
  },
  {
    name: "tag cap and categories: marketing 1 a day; transactional counts for nothing; regulatory ignores caps but counts",
    policy: {
      caps: [
        { id: "marketing-1-a-day", scope: { tag: "marketing" }, limit: 1, window: { calendar: "day" } },
        { id: "3-a-day", scope: { all: true }, limit: 3, window: { calendar: "day" } },
      ],
    },
    steps: [
      reserve(marketingPush, T, "granted"),
      reserve(marketingEmail, T + M, refused("marketing-1-a-day", "cap", nextUtcMidnight)),
      reserve(push, T + 2 * M, "granted"),
      reserve(transactional, T + 3 * M, "granted"),
      reserve(regulatory, T + 4 * M, "granted"),
      reserve(push, T + 5 * M, refused("3-a-day", "cap", nextUtcMidnight)),
      reserve(transactional, T + 6 * M, "granted"),
      reserve(regulatory, T + 7 * M, "granted"),
      reserve(marketingEmail, nextUtcMidnight, "granted"),
    ],
  },
  {
    name: "channel, channels, placement and campaign-lifetime caps",
    policy: {
      caps: [
        { id: "sms-1-a-week", scope: { channel: "sms" }, limit: 1, window: { calendar: "week" } },
        { id: "pressure", scope: { channels: ["push", "in_app"] }, limit: 2, window: { rolling: "1h" } },
        { id: "tour-once", scope: { campaign: "tour" }, limit: 1, window: { lifetime: true } },
        { id: "home-slot", scope: { placement: "home" }, limit: 1, window: { rolling: "10m" } },
      ],
    },
    steps: [
      reserve(sms, T, "granted"),
      reserve(sms, T + M, refused("sms-1-a-week", "cap", at("2026-11-30T00:00:00Z"))),
      reserve(push, T + 2 * M, "granted"),
      reserve({ channel: "in_app", campaign: "tip" }, T + 3 * M, "granted"),
      reserve(push, T + 4 * M, refused("pressure", "cap", T + 2 * M + H)),
      reserve({ channel: "email", campaign: "tour" }, T + 5 * M, "granted"),
      reserve({ channel: "in_app", campaign: "tip", placement: "home" }, T + H + 3 * M, "granted"),
      reserve({ channel: "in_app", campaign: "tip", placement: "home" }, T + H + 4 * M, refused("home-slot", "cap", T + H + 13 * M)),
      reserve({ channel: "email", campaign: "tour" }, T + 3_650 * D, refused("tour-once", "cap", null)), // ten years on
      reserve(sms, T + 3_650 * D, "granted"),
    ],
  },
  {
    name: "cooldown and quiet hours (defer and drop) in Europe/Paris",
    policy: {
      cooldowns: [{ id: "push-gap", scope: { channel: "push" }, interval: "2h" }],
      quietHours: [
        { id: "night", channels: ["push"], from: "21:00", to: "08:00", action: "defer" },
        { id: "sms-night", channels: ["sms"], from: "20:00", to: "09:00", action: "drop" },
      ],
    },
    steps: [
      reserve(push, T, "granted", { zone: "Europe/Paris" }),
      reserve(push, T + H, refused("push-gap", "cooldown", T + 2 * H), { zone: "Europe/Paris" }),
      reserve(sms, T + H, "granted", { zone: "Europe/Paris" }),
      reserve(push, at("2026-11-23T20:30:00Z"), refused("night", "quiet-hours", at("2026-11-24T07:00:00Z")), { zone: "Europe/Paris" }),
      reserve(sms, at("2026-11-23T20:30:00Z"), refused("sms-night", "quiet-hours", at("2026-11-24T08:00:00Z"), "drop"), { zone: "Europe/Paris" }),
      reserve({ ...push, ignoreQuietHours: true }, at("2026-11-23T20:31:00Z"), "granted", { zone: "Europe/Paris" }),
      reserve(push, at("2026-11-23T21:00:00Z"), refused("night", "quiet-hours", at("2026-11-24T07:00:00Z")), { zone: "Europe/Paris" }),
      reserve(push, at("2026-11-24T07:00:00Z"), "granted", { zone: "Europe/Paris" }),
    ],
  },
  {
    name: "concurrent reservations: 12 at once for one user under 3 a day, then 8 at once for two users",
    policy: threeADay,
    steps: [
      { concurrently: Array.from({ length: 12 }, () => ({ candidate: push, at: T })), expect: [...Array(3).fill("granted"), ...Array(9).fill(refused("3-a-day", "cap", nextUtcMidnight))] },
      {
        concurrently: Array.from({ length: 8 }, (_, i) => ({ user: i % 2 === 0 ? "a" : "b", candidate: push, at: T + H })),
        expect: [...Array(6).fill("granted"), ...Array(2).fill(refused("3-a-day", "cap", nextUtcMidnight))],
      },
      reserve(push, nextUtcMidnight, "granted"),
    ],
  },
  {
    name: "release: a failed send no longer counts; releasing twice, or an unknown reservation, does nothing",
    policy: { caps: [{ id: "2-a-day", scope: { all: true }, limit: 2, window: { calendar: "day" } }] },
    steps: [
      reserve(push, T, "granted", { as: "first" }),
      reserve(email, T + M, "granted"),
      reserve(push, T + 2 * M, refused("2-a-day", "cap", nextUtcMidnight)),
      { release: "first", expect: "released" },
      { release: "first", expect: "released" },
      reserve(push, T + 3 * M, "granted"),
      reserve(push, T + 4 * M, refused("2-a-day", "cap", nextUtcMidnight)),
      { release: { userId: "u", delivery: { id: "never-reserved", at: T, channel: "push", campaign: "promo" } }, expect: "released" },
      { release: { userId: "nobody", delivery: { id: "never-reserved", at: T, channel: "push", campaign: "promo" } }, expect: "released" },
      reserve(push, T + 5 * M, refused("2-a-day", "cap", nextUtcMidnight)),
    ],
  },
  {
    name: "clock skew: a decider 2 minutes behind sees a send dated after its now",
    policy: { caps: [{ id: "1-an-hour", scope: { all: true }, limit: 1, window: { rolling: "1h" } }] },
    steps: [
      reserve(push, T, "granted"),
      reserve(push, T - 2 * M, refused("1-an-hour", "cap", T + H)),
      reserve(push, T + H - 1, refused("1-an-hour", "cap", T + H)),
      reserve(push, T + H, "granted"),
    ],
  },
  {
    name: "the time to live never forgets what a cap counts: cooldown and rolling window up to their last millisecond",
    policy: { caps: [{ id: "1-a-day", scope: { channel: "push" }, limit: 1, window: { rolling: "24h" } }], cooldowns: [{ id: "email-gap", scope: { channel: "email" }, interval: "3d" }] },
    steps: [
      reserve(push, T, "granted"),
      reserve(email, T, "granted"),
      reserve(push, T + D - 1, refused("1-a-day", "cap", T + D)),
      reserve(email, T + 3 * D - 1, refused("email-gap", "cooldown", T + 3 * D)),
      reserve(email, T + 3 * D, "granted"),
      reserve(push, T + 3 * D, "granted"),
      reserve(email, T + 6 * D - 1, refused("email-gap", "cooldown", T + 6 * D)),
      reserve(push, T + 30 * D, "granted"),
      reserve(email, T + 30 * D, "granted"),
    ],
  },
  {
    name: "bad arguments are the caller's error (TypeError) in every store, checked before anything is read",
    policy: threeADay,
    stored: [["broken", "{not json"]],
    steps: [
      reserve(push, T, "TypeError", { user: "" }),
      reserve({ channel: "push", campaign: "promo", tags: "marketing" } as unknown as CapCandidate, T, "TypeError"),
      reserve({ channel: 5, campaign: "promo" } as unknown as CapCandidate, T, "TypeError"),
      reserve({ channel: "push", campaign: "promo", counts: "no" } as unknown as CapCandidate, T, "TypeError"),
      reserve({ channel: "push", campaign: "c".repeat(1_025) }, T, "TypeError"),
      reserve(push, Number.NaN, "TypeError"),
      reserve(push, 8_640_000_000_000_001, "TypeError"),
      reserve(push, T, "TypeError", { zone: "Mars/Base" }),
      reserve(push, T, "TypeError", { user: "broken", zone: "Mars/Base" }), // the argument first, then the stored history
      { release: { userId: "u", delivery: {} }, expect: "TypeError" },
      { release: null, expect: "TypeError" },
      reserve(push, T, "granted", { user: "__proto__" }),
      reserve(push, T, "granted", { user: "constructor" }),
      reserve(push, T, "granted", { user: "hasOwnProperty" }),
      reserve(push, T, "unavailable", { user: "broken" }),
    ],
  },
  {
    name: "a caller changing its candidate or reservation afterwards changes nothing stored",
    policy: { caps: [{ id: "marketing-1-a-day", scope: { tag: "marketing" }, limit: 1, window: { calendar: "day" } }] },
    steps: [reserve(marketingPush, T, "granted", { tamper: true, as: "tampered" }), reserve(marketingEmail, T + M, refused("marketing-1-a-day", "cap", nextUtcMidnight)), { release: "tampered", expect: "released" }, reserve(marketingEmail, T + 2 * M, "granted")],
  },
  {
    name: "stored states read with the same meaning: out of time order, counts true, an empty history, sends dated later",
    policy: { caps: [{ id: "2-in-3h", scope: { all: true }, limit: 2, window: { rolling: "3h" } }] },
    stored: [
      ["unordered", storedText([sent(T - M), sent(T - 2 * H)])],
      ["counts-flags", storedText([sent(T - M, { counts: true }), sent(T - 2 * M, { counts: false })])],
      ["empty", storedText([])],
      ["later", storedText([sent(T + H), sent(T + 2 * H, { id: "r1" })])],
    ],
    steps: [
      reserve(push, T, refused("2-in-3h", "cap", T + H), { user: "unordered" }),
      reserve(push, T, "granted", { user: "counts-flags" }),
      reserve(push, T + M, refused("2-in-3h", "cap", T - M + 3 * H), { user: "counts-flags" }),
      reserve(push, T, "granted", { user: "empty" }),
      reserve(push, T, refused("2-in-3h", "cap", T + H + 3 * H), { user: "later" }),
      { release: { userId: "later", delivery: { id: "r1", at: T + 2 * H, channel: "push", campaign: "promo" } }, expect: "released" },
      reserve(push, T + 1, "granted", { user: "later" }), // the released send no longer counts
      reserve(push, T + 2, refused("2-in-3h", "cap", T + 1 + 3 * H), { user: "later" }),
    ],
  },
  {
    name: "instants at the edge of the Date range: a send stored at 8.64e15 counts, and its retryAt beyond the range is null (never)",
    policy: { caps: [{ id: "1-a-day", scope: { all: true }, limit: 1, window: { rolling: "24h" } }, { id: "once", scope: { campaign: "tour" }, limit: 1, window: { lifetime: true } }] },
    stored: [
      ["end", storedText([sent(8_640_000_000_000_000)])],
      ["start", storedText([sent(-8_640_000_000_000_000, { campaign: "tour" })])],
    ],
    steps: [
      reserve(push, T, refused("1-a-day", "cap", null), { user: "end" }),
      reserve({ channel: "email", campaign: "tour" }, T, refused("once", "cap", null), { user: "start" }),
      reserve(push, T, "granted", { user: "start" }),
    ],
  },
  {
    name: "a calendar day within a day of either end of the Date range (Kiritimati before 8.64e15, −12:00 after −8.64e15): 3 a day holds (granted 6 of 6 when those days were NaN)",
    policy: threeADay,
    steps: [
      ...[6, 5, 4].map((minutes) => reserve(push, 8.64e15 - 1000 - minutes * M, "granted", { user: "end", zone: "Pacific/Kiritimati" })),
      // The next local day starts after the last instant a Date can hold: never.
      ...[3, 2, 1].map((minutes) => reserve(push, 8.64e15 - 1000 - minutes * M, refused("3-a-day", "cap", null), { user: "end", zone: "Pacific/Kiritimati" })),
      ...[1, 2, 3].map((minutes) => reserve(push, -8.64e15 + minutes * M, "granted", { user: "start", zone: "-12:00" })),
      // −8.64e15 is 12:00 on −271821-04-19 at −12:00: the next local midnight is 12 hours later.
      reserve(push, -8.64e15 + 4 * M, refused("3-a-day", "cap", -8.64e15 + 12 * H), { user: "start", zone: "-12:00" }),
      reserve(push, -8.64e15 + 12 * H, "granted", { user: "start", zone: "-12:00" }),
    ],
  },
  {
    name: "a history at the size limit: readable; a reserve that would grow it fails closed, one that adds nothing is granted",
    policy: { caps: [{ id: "big", scope: { all: true }, limit: 1_000_000, window: { lifetime: true } }] },
    stored: [["full", manyDeliveries(100_000)]],
    steps: [reserve(push, T, "unavailable", { user: "full" }), reserve(transactional, T, "granted", { user: "full" }), reserve(push, T, "granted", { user: "other" })],
  },
  {
    name: "Redis killed mid-run: every call fails closed while it is down; afterwards nothing granted before is forgotten",
    policy: threeADay,
    steps: [
      reserve(push, T, "granted"),
      { outage: [{ candidate: push, at: T + 1 }, { candidate: push, at: T + 2 }, { candidate: push, at: T + 3, user: "other" }] },
      reserve(push, T + 4, "granted"),
      reserve(push, T + 5, "granted"),
      reserve(push, T + 6, refused("3-a-day", "cap", nextUtcMidnight)),
      reserve(push, T + 7, "granted", { user: "other" }),
    ],
  },
  ...unreadableScenarios,
];
