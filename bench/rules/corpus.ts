/**
 * Realistic engagement trigger rules for the rules benchmark, each with data it is evaluated on and
 * a hand-written closure of the same predicate. Only standard operators, so json-logic-js and
 * json-logic-engine can run every rule too.
 */

type Data = Record<string, any>;

export interface BenchCase {
  readonly name: string;
  readonly rule: unknown;
  /** Several inputs, cycled, so no implementation is measured on one memorised input. */
  readonly inputs: readonly Data[];
  readonly handWritten: (data: Data) => unknown;
}

const NOW = Date.parse("2026-11-23T12:00:00Z");
const DAY = 86_400_000;

function cartItems(count: number, category: string): Data[] {
  return Array.from({ length: count }, (_, i) => ({ sku: `SKU-${i}`, category: i === 0 ? category : "accessories", qty: (i % 3) + 1, price: 19.5 + i }));
}

function user(overrides: Data = {}): Data {
  return {
    id: "u-42",
    plan: "pro",
    role: "admin",
    country: "FR",
    push_opt_in: true,
    last_active_ms: NOW - 3 * DAY,
    devices: [
      { platform: "ios", push_token: "t1" },
      { platform: "web", push_token: "t2" },
    ],
    onboarding: { profile: true, avatar: "a.png", invite: null, tour: "" },
    orders: [{ amount: 80 }, { amount: 95.5 }, { amount: 40 }],
    ...overrides,
  };
}

function inputs(build: (variant: number) => Data): Data[] {
  return [0, 1, 2, 3].map(build);
}

const EU = ["FR", "DE", "ES", "IT", "NL", "BE", "PT", "AT", "IE", "FI", "SE", "DK", "PL", "CZ", "GR", "HU", "RO", "SK", "SI", "LU"];

export const corpus: readonly BenchCase[] = [
  {
    name: "cart abandonment with items",
    rule: {
      and: [
        { "==": [{ var: "event.name" }, "cart_updated"] },
        { some: [{ var: "cart.items" }, { ">": [{ var: "qty" }, 0] }] },
        { ">=": [{ var: "cart.total" }, 50] },
        { "!": { var: "cart.checked_out" } },
        { ">=": [{ "-": [{ var: "now_ms" }, { var: "cart.updated_at_ms" }] }, 1_800_000] },
      ],
    },
    inputs: inputs((v) => ({
      event: { name: v === 3 ? "page_view" : "cart_updated" },
      now_ms: NOW,
      cart: { items: cartItems(3 + v, "cameras"), total: 40 + v * 20, checked_out: v === 2, updated_at_ms: NOW - 2_000_000 },
    })),
    handWritten: (d) =>
      d.event?.name === "cart_updated" &&
      Array.isArray(d.cart?.items) &&
      d.cart.items.some((item: Data) => item.qty > 0) &&
      d.cart.total >= 50 &&
      !d.cart.checked_out &&
      d.now_ms - d.cart.updated_at_ms >= 1_800_000,
  },
  {
    name: "cross-sell on cart contents",
    rule: {
      and: [
        { some: [{ var: "cart.items" }, { in: [{ var: "category" }, ["cameras", "lenses", "drones"]] }] },
        { none: [{ var: "cart.items" }, { in: [{ var: "sku" }, ["SD-64", "SD-128", "SD-256"]] }] },
      ],
    },
    inputs: inputs((v) => ({ cart: { items: cartItems(4 + v, v % 2 ? "cameras" : "books") } })),
    handWritten: (d) => {
      const items = d.cart?.items;
      if (!Array.isArray(items) || items.length === 0) return false;
      const categories = new Set(["cameras", "lenses", "drones"]);
      const cards = new Set(["SD-64", "SD-128", "SD-256"]);
      return items.some((item: Data) => categories.has(item.category)) && !items.some((item: Data) => cards.has(item.sku));
    },
  },
  {
    name: "inactivity win-back",
    rule: {
      and: [
        { ">": [{ "-": [{ var: "now_ms" }, { var: "user.last_active_ms" }] }, 30 * DAY] },
        { var: "user.push_opt_in" },
        { "!=": [{ var: "user.plan" }, "churned"] },
      ],
    },
    inputs: inputs((v) => ({ now_ms: NOW, user: user({ last_active_ms: NOW - (10 + v * 10) * DAY, push_opt_in: v !== 2 }) })),
    handWritten: (d) => d.now_ms - d.user.last_active_ms > 30 * DAY && d.user.push_opt_in && d.user.plan !== "churned",
  },
  {
    name: "geofence (bounding box)",
    rule: {
      and: [
        { "<=": [48.84, { var: "location.lat" }, 48.88] },
        { "<=": [2.32, { var: "location.lon" }, 2.37] },
        { "==": [{ var: "location.source" }, "gps"] },
      ],
    },
    inputs: inputs((v) => ({ location: { lat: 48.85 + v * 0.01, lon: 2.35, source: v === 1 ? "ip" : "gps" } })),
    handWritten: (d) => {
      const { lat, lon, source } = d.location;
      return 48.84 <= lat && lat <= 48.88 && 2.32 <= lon && lon <= 2.37 && source === "gps";
    },
  },
  {
    name: "app version gate",
    rule: {
      and: [
        { in: [{ var: "app.platform" }, ["ios", "android"]] },
        {
          or: [
            { ">": [{ var: "app.major" }, 5] },
            { and: [{ "==": [{ var: "app.major" }, 5] }, { ">=": [{ var: "app.minor" }, 2] }] },
          ],
        },
      ],
    },
    inputs: inputs((v) => ({ app: { platform: v === 3 ? "web" : "ios", major: 4 + (v % 3), minor: v } })),
    handWritten: (d) => {
      const app = d.app;
      return (app.platform === "ios" || app.platform === "android") && (app.major > 5 || (app.major === 5 && app.minor >= 2));
    },
  },
  {
    name: "plan / role / country targeting",
    rule: {
      and: [
        { in: [{ var: "user.plan" }, ["pro", "business", "enterprise"]] },
        { in: [{ var: "user.role" }, ["admin", "owner"]] },
        { in: [{ var: "user.country" }, EU] },
      ],
    },
    inputs: inputs((v) => ({ user: user({ plan: ["pro", "free", "business", "enterprise"][v], country: ["FR", "US", "LU", "DE"][v] }) })),
    handWritten: (d) => {
      const u = d.user;
      return ["pro", "business", "enterprise"].includes(u.plan) && ["admin", "owner"].includes(u.role) && EU.includes(u.country);
    },
  },
  {
    name: "deep and/or tree",
    rule: {
      or: [
        {
          and: [
            { "==": [{ var: "user.plan" }, "free"] },
            { or: [{ ">": [{ var: "session.page_views" }, 5] }, { and: [{ "==": [{ var: "session.referrer" }, "ads"] }, { "!": { var: "user.seen_pricing" } }] }] },
          ],
        },
        {
          and: [
            { "==": [{ var: "user.plan" }, "pro"] },
            { or: [{ "<": [{ var: "user.seats_free" }, 1] }, { and: [{ ">=": [{ var: "session.page_views" }, 3] }, { "==": [{ var: "session.page" }, "/billing"] }] }] },
          ],
        },
      ],
    },
    inputs: inputs((v) => ({
      user: { plan: v % 2 ? "pro" : "free", seen_pricing: v === 2, seats_free: v },
      session: { page_views: 2 + v, referrer: "ads", page: "/billing" },
    })),
    handWritten: (d) => {
      const { user: u, session: s } = d;
      return (
        (u.plan === "free" && (s.page_views > 5 || (s.referrer === "ads" && !u.seen_pricing))) ||
        (u.plan === "pro" && (u.seats_free < 1 || (s.page_views >= 3 && s.page === "/billing")))
      );
    },
  },
  {
    name: "array quantifier: all devices reachable",
    rule: {
      and: [
        { all: [{ var: "user.devices" }, { "!!": { var: "push_token" } }] },
        { some: [{ var: "user.devices" }, { "==": [{ var: "platform" }, "ios"] }] },
      ],
    },
    inputs: inputs((v) => ({
      user: user({ devices: [{ platform: "ios", push_token: v === 1 ? null : "t" }, { platform: "web", push_token: "w" }, { platform: "android", push_token: "a" }] }),
    })),
    handWritten: (d) => {
      const devices = d.user.devices;
      return devices.length > 0 && devices.every((x: Data) => !!x.push_token) && devices.some((x: Data) => x.platform === "ios");
    },
  },
  {
    name: "onboarding checklist (missing_some)",
    rule: { "!": { missing_some: [3, ["user.onboarding.profile", "user.onboarding.avatar", "user.onboarding.invite", "user.onboarding.tour"]] } },
    // Steps not done are absent (json-logic-engine, unlike json-logic-js, counts a null as present).
    inputs: inputs((v) => ({
      user: user({ onboarding: { profile: true, tour: "done", ...(v > 1 ? { avatar: "a.png" } : {}), ...(v === 3 ? { invite: "x" } : {}) } }),
    })),
    handWritten: (d) => {
      const o = d.user.onboarding;
      const present = [o.profile, o.avatar, o.invite, o.tour].filter((x) => x !== null && x !== undefined && x !== "").length;
      return present >= 3;
    },
  },
  {
    name: "lifetime spend tier (reduce)",
    rule: { ">": [{ reduce: [{ var: "user.orders" }, { "+": [{ var: "accumulator" }, { var: "current.amount" }] }, 0] }, 200] },
    inputs: inputs((v) => ({ user: user({ orders: Array.from({ length: 3 + v }, (_, i) => ({ amount: 30 + i * 10 })) }) })),
    handWritten: (d) => d.user.orders.reduce((sum: number, order: Data) => sum + order.amount, 0) > 200,
  },
  {
    name: "promo code prefix",
    rule: { and: [{ "==": [{ substr: [{ var: "promo.code" }, 0, 6] }, "SUMMER"] }, { in: ["-VIP", { var: "promo.code" }] }] },
    inputs: inputs((v) => ({ promo: { code: ["SUMMER24-VIP", "WINTER24-VIP", "SUMMER24", "SUMMER25-VIP-X"][v] } })),
    handWritten: (d) => {
      const code = d.promo.code;
      return code.substring(0, 6) === "SUMMER" && code.includes("-VIP");
    },
  },
  {
    name: "tiered message (if/elseif)",
    rule: {
      if: [
        { ">": [{ var: "cart.total" }, 500] },
        "vip_free_shipping",
        { ">": [{ var: "cart.total" }, 100] },
        "regular_discount",
        { "==": [{ var: "user.orders_count" }, 0] },
        "first_order_welcome",
        "none",
      ],
    },
    inputs: inputs((v) => ({ cart: { total: [900, 250, 20, 60][v] }, user: { orders_count: v === 2 ? 0 : 4 } })),
    handWritten: (d) =>
      d.cart.total > 500 ? "vip_free_shipping" : d.cart.total > 100 ? "regular_discount" : d.user.orders_count === 0 ? "first_order_welcome" : "none",
  },
];
