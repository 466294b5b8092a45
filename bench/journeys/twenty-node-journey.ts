/**
 * The journeys benchmark's journey: 20 nodes of every type (an onboarding series with a split, a
 * tour, waits for the app and for a purchase, a weekday-morning delay and an exit on unsubscribe),
 * and a seeded stream of inputs for many users: their events (entry, app opens, purchases, noise)
 * and wake-ups at the times the journey asked for.
 */
import seedrandom from "seedrandom";
import type { JourneyInput } from "../../src/journeys/index.js";

export const TWENTY_NODE_JOURNEY: JourneyInput = {
  id: "onboarding",
  entry: { event: "signed_up", where: { "!=": [{ var: "user.plan" }, "enterprise"] } },
  reentry: { policy: "cooldown", cooldown: "30d" },
  goal: { event: "purchase", where: { ">": [{ var: "event.properties.amount" }, 0] }, window: "21d" },
  exits: [{ event: "unsubscribed" }, { where: { var: "user.blocked" } }],
  start: "welcome",
  nodes: {
    welcome: { type: "message", content: { title: "Welcome!" }, channels: ["in_app"], next: "platform" },
    platform: { type: "branch", branches: [{ when: { "==": [{ var: "user.platform" }, "web"] }, next: "tour" }], else: "split" },
    tour: { type: "message", content: { steps: 4 }, channels: ["in_app"], next: "split" },
    split: { type: "split", paths: [{ id: "fast", weight: 50, next: "short-wait" }, { id: "slow", weight: 50, next: "long-wait" }] },
    "short-wait": { type: "delay", for: "1d", next: "activated" },
    "long-wait": { type: "delay", for: "3d", next: "activated" },
    activated: { type: "branch", branches: [{ when: { var: "user.activated" }, next: "ask-push" }, { when: { ">=": [{ var: "user.sessions" }, 3] }, next: "tip" }], else: "nudge" },
    "ask-push": { type: "message", content: { cards: 3 }, channels: ["in_app"], next: "wait-open" },
    tip: { type: "message", content: { title: "A tip" }, channels: ["push"], next: "wait-open" },
    nudge: { type: "message", content: { title: "Come back" }, channels: ["push", "email"], next: "wait-open" },
    "wait-open": { type: "waitFor", event: "app_opened", timeout: "2d", next: "engaged", onTimeout: "email" },
    email: { type: "message", content: { subject: "We miss you" }, channels: ["email"], next: "morning" },
    morning: { type: "delay", until: { time: "09:00", weekdays: [1, 2, 3, 4, 5] }, next: "last-call" },
    "last-call": { type: "message", content: { title: "Last call" }, channels: ["push"], next: "wait-buy" },
    engaged: { type: "branch", branches: [{ when: { in: ["pro", { var: "user.interests" }] }, next: "offer" }], else: "wait-buy" },
    offer: { type: "message", content: { title: "20% off Pro" }, channels: ["in_app"], next: "wait-buy" },
    "wait-buy": { type: "waitFor", event: "purchase", where: { ">": [{ var: "event.properties.amount" }, 0] }, timeout: "7d", next: "thanks", onTimeout: "goodbye" },
    thanks: { type: "message", content: { title: "Thank you" }, channels: ["email"], next: "done" },
    goodbye: { type: "exit" },
    done: { type: "exit" },
  },
};

export interface BenchInput {
  readonly user: number;
  readonly now: number;
  readonly event: { readonly name: string; readonly id: string; readonly properties: Readonly<Record<string, unknown>> } | null;
}

const NAMES = ["signed_up", "app_opened", "purchase", "page_view", "unsubscribed"] as const;

/** `count` inputs for `users` users over about a month: mostly events, every user's first is its sign-up. */
export function journeyInputs(users: number, count: number, seed = "nudgekit-journeys-bench"): BenchInput[] {
  const random = seedrandom(seed);
  const start = Date.UTC(2026, 2, 2);
  const inputs: BenchInput[] = [];
  for (let user = 0; user < users && inputs.length < count; user++) inputs.push({ user, now: start + user, event: { name: "signed_up", id: `s${user}`, properties: {} } });
  let now = start + users;
  while (inputs.length < count) {
    now += Math.floor(random() * 30_000);
    const user = Math.floor(random() * users);
    const draw = random();
    // A third are wake-ups (the caller's due check); the rest events, few of them unsubscribes.
    const name = draw < 0.33 ? null : (NAMES[draw < 0.5 ? 1 : draw < 0.6 ? 2 : draw < 0.98 ? 3 : draw < 0.99 ? 0 : 4] as string);
    inputs.push({ user, now, event: name === null ? null : { name, id: `e${inputs.length}`, properties: { amount: Math.floor(random() * 3) * 10 } } });
  }
  return inputs;
}

/** The users' profiles: platforms, activation, sessions and interests that take every branch. */
export function journeyUsers(users: number): Readonly<Record<string, unknown>>[] {
  return Array.from({ length: users }, (_, index) => ({
    id: `u${index}`,
    plan: index % 50 === 0 ? "enterprise" : "free",
    platform: index % 3 === 0 ? "web" : "ios",
    activated: index % 4 === 0,
    sessions: index % 7,
    interests: index % 5 === 0 ? ["pro", "design"] : ["design"],
    timeZone: index % 2 === 0 ? "Europe/Paris" : "America/New_York",
  }));
}
