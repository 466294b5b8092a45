import fc from "fast-check";
import type { Delivery, EngineHistory, Exposure, PendingTrigger } from "../../src/index.js";
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

export const historyArbitrary: fc.Arbitrary<EngineHistory> = fc.record({
  deliveries: fc.array(
    fc.record({ at: fc.integer({ min: NOW - 30 * DAY, max: NOW + DAY }), channel: fc.constantFrom("push", "email", "in_app"), campaign: fc.constantFrom(...campaignIds), tags: fc.constantFrom(["marketing"], ["service"], []) }),
    { maxLength: 12 },
  ) as fc.Arbitrary<Delivery[]>,
  exposures: fc.array(fc.record({ at: fc.integer({ min: NOW - 30 * DAY, max: NOW }), campaign: fc.constantFrom(...campaignIds), experiment: fc.constant("x"), variant: fc.constant("image"), control: fc.boolean() }), { maxLength: 3 }) as fc.Arbitrary<Exposure[]>,
  pending: fc.array(
    fc.record({ campaign: fc.constantFrom(...campaignIds), triggeredAt: fc.integer({ min: NOW - 3 * DAY, max: NOW }), dueAt: fc.integer({ min: NOW - 2 * DAY, max: NOW + DAY }), event: fc.record({ name: fc.constantFrom(...EVENT_NAMES) }) }),
    { maxLength: 2 },
  ) as fc.Arbitrary<PendingTrigger[]>,
});
