import seedrandom from "seedrandom";
import { compileAggregatePolicy, foldEvents, type BehaviourAggregates } from "../../src/segments/index.js";
import { TRACKED_EVENTS } from "./segment-corpus.js";

const DAY = 86_400_000;
const PLANS = ["free", "free", "free", "pro", "team"];
const ROLES = ["member", "member", "member", "admin"];
const COUNTRIES = ["FR", "DE", "US", "GB", "ES", "IT", "NL", "BR", "IN", "JP", "CA", "PL"];
const PLATFORMS = ["ios", "android", "web", "web"];
const VERSIONS = ["5.0.3", "5.1.0", "5.2.0", "5.2.4", "5.3.1", "5.10.0"];

export interface SyntheticProfile {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly behaviour: BehaviourAggregates;
}

export interface SyntheticEvent {
  readonly id: string;
  readonly name: string;
  readonly time: number;
  readonly properties?: { readonly amount: number };
}

export interface SyntheticUser {
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly events: readonly SyntheticEvent[];
}

/**
 * Seeded synthetic users: attributes, and a few weeks of events whose intensity varies by user
 * (gone for months, casual, daily, heavy buyers…).
 */
export function* syntheticUsers(count: number, now: number, seed = "nudgekit-segments"): Generator<SyntheticUser> {
  const random = seedrandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  for (let u = 0; u < count; u++) {
    const events: SyntheticEvent[] = [];
    const activity = random(); // 0: gone for months … 1: every day
    const lastActive = Math.floor((1 - activity) ** 3 * 120); // days since the user was last around
    const activeDays = 1 + Math.floor(activity * 12);
    const span = Math.min(80, activeDays * (1 + Math.floor(random() * 6)));
    let n = 0;
    for (let d = 0; d < activeDays; d++) {
      const daysAgo = lastActive + Math.floor(random() * span);
      const at = now - daysAgo * DAY - Math.floor(random() * DAY);
      events.push({ id: `${u}-${n++}`, name: "app_open", time: at });
      if (random() < 0.35) events.push({ id: `${u}-${n++}`, name: "add_to_cart", time: at + 60_000 });
      if (random() < 0.2) events.push({ id: `${u}-${n++}`, name: "purchase", time: at + 120_000, properties: { amount: Math.round(random() * 30000) / 100 } });
      if (random() < 0.15) events.push({ id: `${u}-${n++}`, name: "push_open", time: at - 30_000 });
    }
    // A few are on a streak: the last several days in a row.
    if (random() < 0.1) for (let d = 0; d < 8; d++) events.push({ id: `${u}-${n++}`, name: "app_open", time: now - d * DAY - 3_600_000 });
    yield {
      id: `user-${u}`,
      attributes: { plan: pick(PLANS), role: pick(ROLES), country: pick(COUNTRIES), platform: pick(PLATFORMS), appVersion: pick(VERSIONS) },
      events,
    };
  }
}

/** The users of `syntheticUsers` as profiles, their behaviour folded with `foldEvents`. */
export function syntheticProfiles(count: number, now: number, seed?: string): SyntheticProfile[] {
  const policy = compileAggregatePolicy({ events: TRACKED_EVENTS });
  const profiles: SyntheticProfile[] = [];
  for (const user of syntheticUsers(count, now, seed)) profiles.push({ id: user.id, attributes: user.attributes, behaviour: foldEvents(null, user.events, policy) });
  return profiles;
}

/**
 * Seeded event histories for fold throughput: per user, `perUser` events over the last 90 days in
 * time order (app opens, carts, purchases with an amount, push opens), each with a unique id.
 */
export function syntheticHistories(users: number, perUser: number, now: number, seed = "nudgekit-fold"): SyntheticEvent[][] {
  const random = seedrandom(seed);
  const histories: SyntheticEvent[][] = [];
  for (let u = 0; u < users; u++) {
    const times = Array.from({ length: perUser }, () => now - Math.floor(random() * 90 * DAY)).sort((a, b) => a - b);
    histories.push(
      times.map((time, i) => {
        const roll = random();
        const id = `f${u}-${i}`;
        if (roll < 0.15) return { id, name: "purchase", time, properties: { amount: Math.round(random() * 50000) / 100 } };
        if (roll < 0.35) return { id, name: "add_to_cart", time };
        if (roll < 0.45) return { id, name: "push_open", time };
        return { id, name: "app_open", time };
      }),
    );
  }
  return histories;
}
