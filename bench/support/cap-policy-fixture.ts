import type { CapPolicyInput, Delivery } from "../../src/caps/index.js";

const H = 3_600_000;

/** The caps benchmarks' policy: 7 caps over every window kind, 2 cooldowns, quiet hours. */
export const BENCH_CAP_POLICY: CapPolicyInput = {
  caps: [
    { id: "all-24h", scope: { all: true }, limit: 50, window: { rolling: "24h" } },
    { id: "push-day", scope: { channel: "push" }, limit: 30, window: { calendar: "day" } },
    { id: "email-week", scope: { channel: "email" }, limit: 40, window: { calendar: "week" } },
    { id: "promo-ever", scope: { campaign: "promo" }, limit: 40, window: { lifetime: true } },
    { id: "marketing-7d", scope: { tag: "marketing" }, limit: 80, window: { rolling: "7d" } },
    { id: "pressure-month", scope: { channels: ["push", "in_app"] }, limit: 150, window: { calendar: "month" } },
    { id: "home-1h", scope: { placement: "home" }, limit: 1, window: { rolling: "1h" } },
  ],
  cooldowns: [
    { id: "in-app-30s", scope: { channel: "in_app" }, interval: "30s" },
    { id: "promo-1h", scope: { campaign: "promo" }, interval: "1h" },
  ],
  quietHours: [{ id: "night", channels: ["push", "sms", "email"], from: "21:00", to: "08:00" }],
};

/** 200 deliveries over 25 days before `now`, the latest a home-screen banner 20 minutes ago (the 1-hour placement cap is full). */
export function benchHistory(now: number): { deliveries: Delivery[] } {
  const channels = ["push", "email", "in_app"];
  const deliveries = Array.from({ length: 200 }, (_, i): Delivery => ({
    at: now - (200 - i) * 3 * H - 60_000,
    channel: channels[i % 3] as string,
    campaign: i % 5 === 0 ? "promo" : "other",
    tags: i % 2 === 1 ? ["marketing"] : [],
  }));
  deliveries[199] = { at: now - 20 * 60_000, channel: "in_app", campaign: "banner", placement: "home" };
  return { deliveries };
}
