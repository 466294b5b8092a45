/**
 * A seeded synthetic log of metrics events for the metrics benchmark: per user, sends of a few
 * campaigns (with delivery ids), deliveries, bounces, human and machine opens, clicks, an experiment
 * exposure, and purchases with revenue. Time-ordered (the way an outcome log is written), as JSON
 * objects or as JSON lines.
 */
import seedrandom from "seedrandom";
import type { MetricsEvent } from "../../src/metrics/index.js";

export const START = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;
const CAMPAIGNS = ["cart", "welcome", "win-back", "modal"] as const;

export const BENCH_METRICS_CONFIG = {
  holdout: { id: "global" },
  campaigns: [
    { id: "cart", conversions: [{ id: "purchase", event: "purchase", window: "24h" }] },
    { id: "welcome", conversions: [{ id: "purchase", event: "purchase", window: "3d", anchor: "open" }] },
    { id: "win-back", conversions: [{ id: "purchase", event: "purchase", window: "7d", anchor: "click", count: "every" }] },
    { id: "modal", conversions: [{ id: "engaged", event: "purchase", window: "7d" }], experiment: { variants: [{ id: "image", weight: 45 }, { id: "plain", weight: 45 }, { id: "control", weight: 10 }], control: "control" } },
  ],
};

/**
 * Calls `emit` with about `eventsPerUser` events for each of `users` users, in time order overall
 * (users interleave over 30 days). Deterministic for a seed.
 */
export function generateOutcomeLog(users: number, eventsPerUser: number, emit: (event: MetricsEvent) => void, seed = "nudgekit-metrics-bench"): number {
  const random = seedrandom(seed);
  // A day at a time: every user's events of the day, sorted by time (a purchase or a late send may
  // spill a few hours into the next day: an outcome log is in time order give or take that).
  const SLICES = 30;
  let count = 0;
  const producedBy = new Array<number>(users).fill(0);
  for (let slice = 0; slice < SLICES; slice++) {
    const sliceStart = START + slice * 24 * HOUR;
    const day: MetricsEvent[] = [];
    const outer = emit;
    emit = (event) => void day.push(event);
    for (let user = 0; user < users; user++) {
      const userId = `u${user}`;
      let time = sliceStart + Math.floor(random() * 20 * HOUR);
      // The user's share up to the end of this day, less what they already produced: about
      // `eventsPerUser` in all (a message brings 2 to 6 events: a fixed quota per day would overshoot).
      const quota = Math.round(((slice + 1) * eventsPerUser) / SLICES) - (producedBy[user] as number);
      let produced = 0;
      while (produced < quota) {
        const campaign = CAMPAIGNS[Math.floor(random() * CAMPAIGNS.length)] as (typeof CAMPAIGNS)[number];
        const variant = campaign === "modal" ? (random() < 0.5 ? "image" : "plain") : null;
        const channel = campaign === "modal" ? "in_app" : random() < 0.6 ? "push" : "email";
        const deliveryId = `${campaign}/${channel}/${time}`;
        const base = { userId, campaignId: campaign, variantId: variant, channel, deliveryId };
        if (campaign === "modal") {
          emit({ outcome: "exposure", id: `x${time}`, userId, time, campaignId: "modal", experimentId: "modal", variantId: variant });
          produced++;
        }
        emit({ outcome: "sent", id: `s${time}`, time, ...base });
        produced++;
        if (random() < 0.03) {
          emit({ outcome: "bounced", id: `b${time}`, time: time + 1000, ...base });
          produced++;
        } else {
          emit({ outcome: channel === "in_app" ? "impression" : "delivered", id: `d${time}`, time: time + 1000, ...base });
          produced++;
          if (channel === "email" && random() < 0.3) {
            emit({ outcome: "open", id: `m${time}`, time: time + 2000, machine: true, ...base });
            produced++;
          }
          if (random() < 0.35) {
            emit({ outcome: "open", id: `o${time}`, time: time + 60_000, ...base });
            produced++;
            if (random() < 0.3) {
              emit({ outcome: "click", id: `c${time}`, time: time + 90_000, linkId: "cta", ...base });
              produced++;
            }
          }
          if (random() < 0.08) {
            const at = time + Math.floor(random() * 20 * HOUR);
            emit({ name: "purchase", id: `p${at}`, userId, time: at, revenue: 500 + Math.floor(random() * 10_000), currency: "EUR", orderId: `o${userId}-${at}` });
            produced++;
          }
        }
        time += 120_000 + Math.floor(random() * 2 * HOUR);
      }
      count += produced;
      producedBy[user] = (producedBy[user] as number) + produced;
    }
    emit = outer;
    day.sort((a, b) => Number(a.time) - Number(b.time));
    for (const event of day) emit(event);
  }
  return count;
}
