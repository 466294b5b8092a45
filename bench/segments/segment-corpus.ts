/**
 * The 20 segments of `npm run bench:segments`: attribute targeting (plan, role, country, platform,
 * app version) and behaviour (counts in windows, recency, active days, streaks, spend, RFM), some
 * refined by include / exclude. Both implementations evaluate exactly these rules.
 */
export const TRACKED_EVENTS = {
  app_open: {},
  purchase: { properties: { amount: { decimals: 2 } } },
  add_to_cart: {},
  push_open: {},
} as const;

export const RFM_MODELS = {
  customers: { event: "purchase", property: "amount", window: "90d", recency: [7, 30, 60, 90], frequency: [2, 4, 8, 16], monetary: [50, 150, 400, 1000] },
};

export const SEGMENTS = [
  { id: "paying-plan", rule: { in: [{ var: "user.attributes.plan" }, ["pro", "team"]] } },
  { id: "admins", rule: { "==": [{ var: "user.attributes.role" }, "admin"] } },
  { id: "eu", rule: { in: [{ var: "user.attributes.country" }, ["FR", "DE", "ES", "IT", "NL", "BE", "PT", "IE", "AT", "PL"]] } },
  { id: "mobile", rule: { in: [{ var: "user.attributes.platform" }, ["ios", "android"]] } },
  { id: "modern-app", rule: { version_gte: [{ var: "user.attributes.appVersion" }, "5.2.0"] } },
  { id: "buyers-30d", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 3] } },
  { id: "dormant", rule: { ">=": [{ days_since_last: "app_open" }, 30] } },
  { id: "daily-this-week", rule: { "==": [{ active_days: ["app_open", "7d"] }, 7] } },
  { id: "big-spenders", rule: { ">": [{ event_sum: ["purchase", "amount", "90d"] }, 200] } },
  { id: "on-a-streak", rule: { ">=": [{ streak_days: "app_open" }, 5] } },
  { id: "never-purchased", rule: { never_did: "purchase" } },
  { id: "cart-abandoners", rule: { and: [{ ">=": [{ event_count: ["add_to_cart", "7d"] }, 1] }, { never_did: ["purchase", "7d"] }] } },
  { id: "rfm-champions", rule: { ">=": [{ rfm_score: ["customers"] }, 444] } },
  { id: "high-basket", rule: { ">=": [{ event_avg: ["purchase", "amount", "90d"] }, 80] } },
  { id: "new-users", rule: { "<=": [{ days_since_first: "app_open" }, 7] } },
  { id: "engaged-mobile", rule: { ">=": [{ active_days: ["app_open", "30d"] }, 10] }, include: ["mobile"] },
  { id: "eu-paying-buyers", rule: true, include: ["eu", "paying-plan", "buyers-30d"] },
  { id: "win-back", rule: { "<": [{ event_count: ["push_open", "30d"] }, 1] }, include: ["dormant"], exclude: ["never-purchased"] },
  { id: "upsell", rule: { and: [{ "==": [{ var: "user.attributes.plan" }, "free"] }, { ">=": [{ event_count: ["purchase", "90d"] }, 2] }] }, exclude: ["paying-plan"] },
  { id: "at-risk-spenders", rule: { ">=": [{ days_since_last: "app_open" }, 14] }, include: ["big-spenders"] },
];
