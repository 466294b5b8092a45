import fc from "fast-check";
import type { EngineHistory, Exposure, PendingTrigger } from "../../src/index.js";
import type { Delivery } from "../../src/caps/index.js";
import { DAY, NOW } from "./engine-fixtures.js";

export const EVENT_NAMES = ["checkout_started", "add_to_cart", "signup", "app_open", "payment_failed", "purchase", "product_viewed", "unknown"] as const;
const ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC", "Mars/Olympus", "__proto__"];

/** Event properties as the example's templates and rules read them, hostile strings included. */
export const eventArbitrary = fc.record(
  {
    name: fc.constantFrom(...EVENT_NAMES),
    properties: fc.record(
      {
        value: fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: 0, max: 500 }), fc.string()),
        category: fc.constantFrom("chips", "drinks", "fruit"),
        product_name: fc.oneof(fc.string(), fc.constant("<b>Chips</b> & \"dip\"")),
        order_id: fc.string(),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["name"] },
);

/** Users the example config can reach in many ways, or not at all. */
export const userArbitrary = fc.record(
  {
    id: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.integer()),
    attributes: fc.record({ first_name: fc.oneof(fc.string(), fc.constant("<script>alert(1)</script>")) }, { requiredKeys: [] }),
    timeZone: fc.constantFrom(...ZONES),
    session: fc.record({ active: fc.boolean(), online: fc.boolean(), platform: fc.constantFrom("ios", "android", "web"), id: fc.constantFrom("s1", "s2") }, { requiredKeys: [] }),
    consents: fc.record(
      {
        push: fc.record({ optedIn: fc.boolean(), tokens: fc.constant([{ platform: "ios", valid: true }, { platform: "android", valid: true }]) }),
        email: fc.record({ optedIn: fc.boolean(), verified: fc.boolean() }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["id"] },
);

const campaignIds = ["cart-abandonment", "cross-sell-drinks", "welcome", "welcome-tips", "win-back", "nps-survey", "payment-failure", "terms-update", "new-feature-modal", "other"];

/** Times outside the Date range (±8.64e15 ms) and other numbers that are no instant: malformed, the engine skips them. */
export const HOSTILE_INSTANTS = [1e300, -1e300, 8.64e15 + 1, -8.64e15 - 1, 1e20, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE] as const;
/** Instants at the edges of the Date range: valid, and whatever is computed from them (now + a delay, last + an interval) must not throw. */
export const EDGE_INSTANTS = [8.64e15, -8.64e15, 8.64e15 - 1] as const;
/** Names that are members of Object.prototype: as placements, tags, ids or keys they must read as themselves, never as the inherited member. */
export const PROTOTYPE_NAMES = ["constructor", "toString", "__proto__", "valueOf", "hasOwnProperty", "prototype"] as const;

/** Mostly instants around NOW; now and then one outside the Date range. */
const historyTime = (min: number, max: number): fc.Arbitrary<number> => fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 7 }, { arbitrary: fc.constantFrom(...HOSTILE_INSTANTS, ...EDGE_INSTANTS), weight: 1 });

const pendingArbitrary = fc.record({ campaign: fc.constantFrom(...campaignIds), triggeredAt: historyTime(NOW - 3 * DAY, NOW), dueAt: historyTime(NOW - 2 * DAY, NOW + DAY), event: fc.record({ name: fc.constantFrom(...EVENT_NAMES) }) });

export const historyArbitrary: fc.Arbitrary<EngineHistory> = fc.record({
  deliveries: fc.array(
    fc.record({ at: historyTime(NOW - 30 * DAY, NOW + DAY), channel: fc.constantFrom("push", "email", "in_app"), campaign: fc.constantFrom(...campaignIds), tags: fc.constantFrom(["marketing"], ["service"], []) }),
    { maxLength: 12 },
  ) as fc.Arbitrary<Delivery[]>,
  exposures: fc.array(fc.record({ at: historyTime(NOW - 30 * DAY, NOW), campaign: fc.constantFrom(...campaignIds), experiment: fc.constant("x"), variant: fc.constant("image"), control: fc.boolean() }), { maxLength: 3 }) as fc.Arbitrary<Exposure[]>,
  // Duplicated entries too: two deciders that handled the same event each record the trigger.
  pending: fc.array(pendingArbitrary, { maxLength: 2 }).chain((entries) => fc.constantFrom(entries, [...entries, ...entries])) as fc.Arbitrary<PendingTrigger[]>,
});

/** Behaviour aggregates whose event times may be outside the Date range (a user's data, not to be trusted). */
export const hostileBehaviourArbitrary = fc.dictionary(
  fc.constantFrom(...EVENT_NAMES, ...PROTOTYPE_NAMES),
  fc.record({ last: fc.oneof(fc.integer({ min: NOW - 60 * DAY, max: NOW }), fc.constantFrom(...HOSTILE_INSTANTS, ...EDGE_INSTANTS)), first: fc.constantFrom(...HOSTILE_INSTANTS, NOW - DAY) }),
).map((events) => ({ version: 1, events }));
