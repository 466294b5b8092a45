/**
 * Generates the e-commerce example's data for campaigns.json: `users.jsonl` (one user profile a line)
 * and `events.jsonl` (one event a line, sorted by time) covering November 2026, and `outcomes.jsonl`:
 * the seeded reactions to what the engine sends on that log, with a planted experiment effect (see
 * generate-outcomes.ts).
 *
 *   npx tsx examples/ecommerce/generate-events.ts [--users 5000] [--out examples/ecommerce]
 *
 * The files are generated rather than committed (~25 MB): the output is byte-identical on every run,
 * because the only randomness is `seedrandom` seeded with a fixed string (never `Math.random`), time
 * zones come from Intl with the zone rules of November 2026, and nothing reads the clock.
 *
 * The behaviour is built so that every campaign in campaigns.json has something to do:
 * - about 30% of users sign up during November (`signup` → welcome, the onboarding-series journey, new-users segment);
 * - users browse in sessions during their local daytime (quiet hours, calendar-day caps) and sometimes
 *   check out; some checkouts are paid at once, some hours later in another session, some never
 *   (cart-abandonment: sent, or cancelled by the purchase), ~2% fail (payment-failure);
 * - ~15% of items added to carts are chips (cross-sell-drinks);
 * - heavy users open the app on many days (active-7-days → nps-survey; a few already answered it);
 * - churners stop after some day, many 14+ days before the end of the month (win-back);
 * - a few hostile users (HTML or template syntax in names, an unknown time zone, no attributes) and
 *   ~0.1% malformed lines check that rendering escapes and that a replay reports and skips bad input.
 *
 * `generateExample` returns the same data in memory, for tests and benchmarks that want a smaller log.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import seedrandom from "seedrandom";
import { generateOutcomes } from "./generate-outcomes.js";

// ---------------------------------------------------------------------------------------------------
// Public shapes
// ---------------------------------------------------------------------------------------------------

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

export type Platform = "ios" | "android" | "web";
export type Category = "chips" | "drinks" | "fruit" | "bakery" | "dairy" | "household";
export type EventName = "signup" | "app_open" | "product_viewed" | "add_to_cart" | "checkout_started" | "purchase" | "payment_failed" | "nps_submitted";

/** A push (`ios` / `android` tokens) or web push (`web` subscription) consent, as channel choice reads it. */
export interface PushConsent {
  readonly optedIn: boolean;
  readonly tokens: readonly { readonly platform: Platform; readonly valid: true }[];
}

/** One line of users.jsonl. */
export interface ExampleUser {
  readonly id: string;
  /** Absent for one kind of hostile user: templates must fall back to their `default`. */
  readonly attributes?: { readonly first_name: string; readonly country: string; readonly plan: "free" | "plus" };
  /** An IANA zone, except `Mars/Olympus` for one kind of hostile user. */
  readonly timeZone: string;
  readonly platform: Platform;
  readonly consents: {
    /** Mobile users only. */
    readonly push?: PushConsent;
    /** Web users only. */
    readonly web_push?: PushConsent;
    readonly email: { readonly optedIn: boolean; readonly verified: boolean };
  };
  /** ~3% of users turned email off. */
  readonly preferences?: { readonly channels: { readonly email: false } };
}

/** One valid line of events.jsonl. */
export interface ExampleEvent {
  readonly userId: string;
  /** `e0000001`…, increasing with time. */
  readonly id: string;
  readonly name: EventName;
  /** ISO 8601 UTC, whole seconds. */
  readonly time: string;
  readonly properties: JsonObject;
}

/** A deliberately broken line of events.jsonl and where it is (1-based, counting every line of the file). */
export interface MalformedLine {
  readonly line: number;
  readonly kind: MalformedKind;
  readonly text: string;
}

export interface GenerateOptions {
  /** Default 5000 (~100,000 events). */
  readonly users?: number;
  /** Default "nudgekit-ecommerce-2026". The same seed and user count always give the same data. */
  readonly seed?: string;
}

export interface GeneratedExample {
  readonly users: ExampleUser[];
  /** The valid events, sorted by time. */
  readonly events: ExampleEvent[];
  /** The broken lines that events.jsonl interleaves with `events` (see `toJsonl`). */
  readonly malformed: MalformedLine[];
}

// ---------------------------------------------------------------------------------------------------
// Calendar: November 2026, whole seconds
// ---------------------------------------------------------------------------------------------------

const DEFAULT_SEED = "nudgekit-ecommerce-2026";
const DEFAULT_USERS = 5000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAYS = 30;
const WINDOW_START = Date.UTC(2026, 10, 1, 0, 0, 0);
const WINDOW_END = Date.UTC(2026, 10, 30, 23, 59, 59);
/** Sessions start early enough to end inside the window (a session lasts minutes, not hours). */
const LAST_SESSION_START = WINDOW_END - 2 * HOUR;
/** Two sessions of one user are at least this far apart (else they would be one session). */
const SESSION_GAP = 10 * MINUTE;
/** A checkout paid "later" is paid in the next session if it comes within this delay, else in a return visit. */
const LATER_PURCHASE_WINDOW = 48 * HOUR;

// ---------------------------------------------------------------------------------------------------
// Seeded randomness helpers
// ---------------------------------------------------------------------------------------------------

/** A uniform draw in [0, 1): always a `seedrandom` PRNG here. */
type Random = () => number;

function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** An integer in [min, max]. */
function integer(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A delay of a whole number of seconds in [minSeconds, maxSeconds], in ms. */
function seconds(random: Random, minSeconds: number, maxSeconds: number): number {
  return integer(random, minSeconds, maxSeconds) * SECOND;
}

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick: empty list");
  return item;
}

/** Values with relative weights, summed once (a draw is one scan, no re-summing per call). */
interface WeightTable<T> {
  readonly values: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

function weights<T>(entries: readonly (readonly [T, number])[]): WeightTable<T> {
  let total = 0;
  const cumulative = entries.map(([, weight]) => (total += weight));
  return { values: entries.map(([value]) => value), cumulative, total };
}

function weighted<T>(random: Random, table: WeightTable<T>): T {
  const draw = random() * table.total;
  let i = 0;
  while (i < table.cumulative.length - 1 && draw >= (table.cumulative[i] ?? 0)) i++;
  const value = table.values[i];
  if (value === undefined) throw new Error("weighted: empty table");
  return value;
}

/** Money with two decimals, without float noise (1.1 + 2.2 → 3.3, not 3.3000000000000003). */
function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

// ---------------------------------------------------------------------------------------------------
// Time zones: local daytime sessions need local → UTC conversion
// ---------------------------------------------------------------------------------------------------

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
/** zone → UTC hour start (ms) → offset (ms). */
const zoneOffsets = new Map<string, Map<number, number>>();

/**
 * The zone's UTC offset (ms) at an instant. Cached per zone and UTC hour: offsets change only on the
 * hour (Europe on 25 October, the US on 1 November 2026 at 06:00/09:00 UTC), so this is exact and fast.
 */
function zoneOffset(zone: string, instant: number): number {
  const hourStart = Math.floor(instant / HOUR) * HOUR;
  let offsets = zoneOffsets.get(zone);
  if (offsets === undefined) zoneOffsets.set(zone, (offsets = new Map()));
  const cached = offsets.get(hourStart);
  if (cached !== undefined) return cached;
  let format = zoneFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormats.set(zone, format);
  }
  const parts = new Map(format.formatToParts(hourStart).map((part) => [part.type, Number(part.value)]));
  const part = (type: Intl.DateTimeFormatPartTypes): number => parts.get(type) ?? Number.NaN;
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  const offset = wall - hourStart;
  if (!Number.isFinite(offset)) throw new Error(`cannot read the offset of ${zone}`);
  offsets.set(hourStart, offset);
  return offset;
}

/** The UTC instant of a local wall-clock time on November `day + 1`, 2026 in `zone`. */
function fromLocal(zone: string, day: number, secondOfDay: number): number {
  const wall = Date.UTC(2026, 10, 1 + day) + secondOfDay * SECOND;
  // Two passes: the first guess can sit on the other side of a DST switch.
  const guess = wall - zoneOffset(zone, wall);
  return wall - zoneOffset(zone, guess);
}

function localHour(zone: string, instant: number): number {
  return new Date(instant + zoneOffset(zone, instant)).getUTCHours();
}

/** The local calendar day (0 = 1 November) of an instant, for counting distinct active days. */
function localDay(zone: string, instant: number): number {
  return Math.floor((instant + zoneOffset(zone, instant) - WINDOW_START) / (24 * HOUR));
}

// ---------------------------------------------------------------------------------------------------
// Population
// ---------------------------------------------------------------------------------------------------

/** Mostly France: the config's default zone is Europe/Paris. */
const TIME_ZONES = weights([
  ["Europe/Paris", 55],
  ["Europe/London", 12],
  ["America/New_York", 12],
  ["Europe/Berlin", 10],
  ["America/Los_Angeles", 6],
  ["Asia/Tokyo", 5],
]);

const COUNTRY_BY_ZONE: Readonly<Record<string, string>> = {
  "Europe/Paris": "FR",
  "Europe/London": "GB",
  "America/New_York": "US",
  "Europe/Berlin": "DE",
  "America/Los_Angeles": "US",
  "Asia/Tokyo": "JP",
};

/** Non-ASCII names on purpose: templates and email rendering must keep them intact. */
const FIRST_NAMES: Readonly<Record<string, readonly string[]>> = {
  FR: ["Ana", "Léa", "Chloé", "Zoé", "Manon", "Inès", "Camille", "Noémie", "Hugo", "Lucas", "Jérôme", "François", "Théo", "Mathis", "Raphaël", "Nathan", "Yasmine", "Karim", "Élodie", "Gaëlle"],
  GB: ["Oliver", "Amelia", "Harry", "Isla", "George", "Ava", "Jack", "Freya", "Siobhán", "Rhys", "Priya", "Callum"],
  US: ["Emma", "Liam", "Olivia", "Noah", "Mia", "Ethan", "Sofia", "José", "Aaliyah", "Mason", "Chloe", "Daniel"],
  DE: ["Lena", "Jonas", "Hannah", "Lukas", "Jürgen", "Björn", "Mia", "Felix", "Anja", "Maximilian", "Sören", "Elif"],
  JP: ["Haruto", "Yui", "Sōta", "Hina", "Ren", "Aoi", "さくら", "陽翔", "Yūki", "Mei"],
};

/** How a user behaves over the month. */
type Activity = "heavy" | "regular" | "occasional" | "churning";

interface ActivityProfile {
  /** Share of users. */
  readonly share: number;
  /** Chance of opening the app on a given day (while the user is around). */
  readonly dailyChance: number;
  /** Chances of a 2nd, 3rd… session on an active day. */
  readonly extraSessions: readonly number[];
  /** Products viewed per (non-bounce) session: 1..maxViews. */
  readonly maxViews: number;
  /** Chance of the Plus plan. */
  readonly plusChance: number;
}

const ACTIVITY: Readonly<Record<Activity, ActivityProfile>> = {
  heavy: { share: 0.13, dailyChance: 0.5, extraSessions: [0.35, 0.1], maxViews: 5, plusChance: 0.35 },
  regular: { share: 0.35, dailyChance: 0.15, extraSessions: [0.12], maxViews: 4, plusChance: 0.2 },
  occasional: { share: 0.37, dailyChance: 0.05, extraSessions: [], maxViews: 4, plusChance: 0.1 },
  churning: { share: 0.15, dailyChance: 0.28, extraSessions: [0.1], maxViews: 4, plusChance: 0.1 },
};
const ACTIVITY_WEIGHTS = weights((Object.keys(ACTIVITY) as Activity[]).map((activity) => [activity, ACTIVITY[activity].share] as const));
const PLATFORMS = weights<Platform>([["ios", 40], ["android", 35], ["web", 25]]);

/** Session start by local hour: mornings, lunch, evenings; ~2% at night (quiet hours still get events). */
const HOUR_WEIGHTS = weights(
  [0.4, 0.2, 0.1, 0.1, 0.1, 0.3, 1, 3, 6, 5, 5, 5, 8, 7, 4, 4, 4, 5, 8, 9, 9, 8, 5, 2].map((weight, hour) => [hour, weight] as const),
);

/**
 * Hostile and edge users: every 500th user (u00008, u00508, …), so even a 10-user log has one and
 * 5000 users have ten (0.2%), two of each kind.
 */
const HOSTILE_EVERY = 500;
const HOSTILE_OFFSET = 7;
type HostileKind = "html-name" | "unknown-time-zone" | "no-attributes" | "template-name" | "quotes-and-newline-name";
const HOSTILE_KINDS: readonly HostileKind[] = ["html-name", "unknown-time-zone", "no-attributes", "template-name", "quotes-and-newline-name"];

function hostileKind(index: number): HostileKind | undefined {
  if (index % HOSTILE_EVERY !== HOSTILE_OFFSET) return undefined;
  return HOSTILE_KINDS[Math.floor(index / HOSTILE_EVERY) % HOSTILE_KINDS.length];
}

/** A user and what drives their events. */
interface UserPlan {
  readonly user: ExampleUser;
  readonly index: number;
  /** The zone their days follow: Europe/Paris (the config's default) when theirs is not a real zone. */
  readonly zone: string;
  readonly activity: Activity;
  /** Day (0 = 1 November) of the signup, for users who sign up during November. */
  readonly signupDay: number | undefined;
}

function userId(index: number): string {
  return `u${String(index + 1).padStart(5, "0")}`;
}

function planUser(random: Random, index: number): UserPlan {
  const id = userId(index);
  const hostile = hostileKind(index);
  const realZone = weighted(random, TIME_ZONES);
  const country = COUNTRY_BY_ZONE[realZone] ?? "FR";
  const activity = weighted(random, ACTIVITY_WEIGHTS);
  const platform = weighted(random, PLATFORMS);
  const plan = chance(random, ACTIVITY[activity].plusChance) ? "plus" : "free";
  let firstName = pick(random, FIRST_NAMES[country] ?? FIRST_NAMES.FR ?? ["Ana"]);
  if (hostile === "html-name") firstName = "<b>Zoë</b> & co";
  if (hostile === "template-name") firstName = "{{ event.properties.order_id }} {% raw %}";
  if (hostile === "quotes-and-newline-name") firstName = 'Seán "Bobby" O\'Brien\nVIP';

  // Mobile users have a device token whether or not they allowed notifications; a web push
  // subscription exists only once the browser permission was granted.
  const consents: ExampleUser["consents"] =
    platform === "web"
      ? (() => {
          const optedIn = chance(random, 0.3);
          return {
            web_push: { optedIn, tokens: optedIn ? [{ platform: "web" as const, valid: true as const }] : [] },
            email: { optedIn: chance(random, 0.8), verified: chance(random, 0.9) },
          };
        })()
      : {
          push: { optedIn: chance(random, 0.65), tokens: [{ platform, valid: true as const }] },
          email: { optedIn: chance(random, 0.8), verified: chance(random, 0.9) },
        };
  const emailOff = chance(random, 0.03);
  const signupDay = chance(random, 0.3) ? integer(random, 0, DAYS - 1) : undefined;

  const timeZone = hostile === "unknown-time-zone" ? "Mars/Olympus" : realZone;
  const user: ExampleUser = {
    id,
    ...(hostile === "no-attributes" ? {} : { attributes: { first_name: firstName, country, plan } }),
    timeZone,
    platform,
    consents,
    ...(emailOff ? { preferences: { channels: { email: false } } } : {}),
  };
  return { user, index, zone: hostile === "unknown-time-zone" ? "Europe/Paris" : realZone, activity, signupDay };
}

// ---------------------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------------------

interface Product {
  readonly id: string;
  readonly name: string;
  readonly category: Category;
  readonly price: number;
}

/** Names with `&`, `'` and `"` on purpose: they end up in email HTML and push bodies. */
const CATALOGUE: Readonly<Record<Category, readonly (readonly [string, number])[]>> = {
  chips: [["Sea salt crisps", 1.89], ["Paprika chips", 1.99], ["Salt & vinegar crisps", 1.99], ["Tortilla chips", 2.29], ["Truffle chips", 3.49]],
  drinks: [["Sparkling water 6×1.5 L", 3.49], ["Orange juice 1 L", 2.79], ["Cola zero 1.5 L", 1.89], ["Cold brew coffee", 2.99], ["Ginger kombucha", 3.29], ['Lemonade "à l\'ancienne"', 2.49]],
  fruit: [["Bananas 1 kg", 1.99], ["Gala apples 1.5 kg", 3.49], ["Clementines 2 kg", 4.99], ["Strawberries 250 g", 3.99], ["Avocados ×2", 2.49], ["Blueberries 125 g", 2.79]],
  bakery: [["Baguette tradition", 1.2], ["Croissants ×4", 3.6], ["Sourdough loaf", 4.5], ["Pains au chocolat ×4", 3.9], ["Brioche", 3.2], ["Grandma's oat cookies", 2.89]],
  dairy: [["Whole milk 1 L", 1.15], ["Greek yoghurt 4×125 g", 2.49], ["Comté 12 months 200 g", 4.29], ["Salted butter 250 g", 2.95], ["Free-range eggs ×12", 3.89], ["Crème fraîche 20 cl", 1.69]],
  household: [["Dish soap 750 ml", 2.49], ["Paper towels ×6", 4.99], ["Laundry pods ×30", 9.99], ["Sponges ×3", 1.99], ["Bin bags 30 L ×20", 3.29]],
};

/** Views by category; items are added from what was viewed, so this also makes chips ~15% of adds. */
const CATEGORY_WEIGHTS = weights<Category>([
  ["chips", 15],
  ["drinks", 19],
  ["fruit", 20],
  ["bakery", 18],
  ["dairy", 17],
  ["household", 11],
]);

/** A category's products, with ids like p101 (category number, then product number). */
function productsOf(category: Category): readonly Product[] {
  const c = Object.keys(CATALOGUE).indexOf(category) + 1;
  return CATALOGUE[category].map(([name, price], p) => ({ id: `p${c}${String(p + 1).padStart(2, "0")}`, name, category, price }));
}

const PRODUCTS: Readonly<Record<Category, readonly Product[]>> = {
  chips: productsOf("chips"),
  drinks: productsOf("drinks"),
  fruit: productsOf("fruit"),
  bakery: productsOf("bakery"),
  dairy: productsOf("dairy"),
  household: productsOf("household"),
};

// ---------------------------------------------------------------------------------------------------
// Behaviour: sessions → events
// ---------------------------------------------------------------------------------------------------

const BOUNCE_CHANCE = 0.2;
const ADD_TO_CART_CHANCE = 0.22;
const CHECKOUT_CHANCE = 0.45;
/** Checkout outcomes, cumulative: failed, paid in the same session, paid later; the rest is abandoned. */
const PAYMENT_FAILED = 0.02;
const PAID_NOW = PAYMENT_FAILED + 0.45;
const PAID_LATER = PAID_NOW + 0.15;
const RETRY_AFTER_FAILURE_CHANCE = 0.5;
/** Per session, once the user has been active on 7 distinct days and has not answered yet. */
const NPS_CHANCE = 0.03;

/** Filled in time order once all events are sorted, so order numbers increase with time. */
interface OrderRef {
  id: string;
}

/** An event before the global sort; `user` and `seq` make the sort total (ties keep per-user order). */
interface DraftEvent {
  readonly time: number;
  readonly user: number;
  readonly seq: number;
  readonly name: EventName;
  readonly properties: JsonObject;
  /** checkout_started creates the order; purchase and payment_failed refer to it. */
  readonly order: OrderRef | undefined;
}

/** A checkout to be paid in a later session. */
interface PendingPurchase {
  readonly order: OrderRef;
  readonly amount: number;
  readonly checkoutAt: number;
}

/** The local days (0 = 1 November) the user opens the app: never before signup, never after churning. */
function activeDays(random: Random, plan: UserPlan): number[] {
  const profile = ACTIVITY[plan.activity];
  const first = plan.signupDay ?? 0;
  // Churners' last possible day is the 24th; those whose last day is by the 16th are silent 14+ days at month end.
  const end = plan.activity === "churning" ? Math.min(DAYS, integer(random, first + 1, Math.max(first + 1, 24))) : DAYS;
  const days: number[] = [];
  for (let day = first; day < end; day++) {
    // A new user's first session is the signup.
    if (day === plan.signupDay || chance(random, profile.dailyChance)) days.push(day);
  }
  // Everyone in the file shows up at least once.
  if (days.length === 0) days.push(integer(random, first, end - 1));
  return days;
}

function sessionStart(random: Random, zone: string, day: number): number | undefined {
  // Redraw the hour when it falls outside November in UTC (Tokyo on the 1st, Los Angeles on the 30th).
  for (let attempt = 0; attempt < 8; attempt++) {
    const hour = weighted(random, HOUR_WEIGHTS);
    const start = fromLocal(zone, day, hour * 3600 + integer(random, 0, 3599));
    if (start >= WINDOW_START && start <= LAST_SESSION_START) return start;
  }
  return undefined;
}

/** Skewed like real NPS answers: mostly promoters and passives. */
const NPS_SCORES = weights([[10, 22], [9, 21], [8, 18], [7, 12], [6, 8], [5, 7], [4, 3], [3, 3], [2, 2], [1, 2], [0, 2]]);
/** Sign in with Apple exists on iOS only. */
const SIGNUP_METHODS = {
  ios: weights([["email", 55], ["google", 30], ["apple", 15]]),
  other: weights([["email", 55], ["google", 45]]),
};

function simulateUser(random: Random, plan: UserPlan, drafts: DraftEvent[]): void {
  const { zone, activity } = plan;
  const { platform } = plan.user;
  const profile = ACTIVITY[activity];

  const starts: number[] = [];
  for (const day of activeDays(random, plan)) {
    let sessions = 1;
    for (const extra of profile.extraSessions) if (chance(random, extra)) sessions++;
    for (let s = 0; s < sessions; s++) {
      const start = sessionStart(random, zone, day);
      if (start !== undefined) starts.push(start);
    }
  }
  starts.sort((a, b) => a - b);

  let seq = 0;
  /** The time of the user's last event: each event comes strictly after it. */
  let clock = 0;
  let signedUp = plan.signupDay === undefined;
  let pending: PendingPurchase | undefined;
  let answeredNps = false;
  const daysSeen = new Set<number>();

  const emit = (name: EventName, properties: JsonObject, order?: OrderRef): void => {
    drafts.push({ time: clock, user: plan.index, seq: seq++, name, properties, order });
  };
  const purchase = (paid: PendingPurchase): void => {
    emit("purchase", { amount: paid.amount }, paid.order);
  };

  /**
   * A checkout paid later, when the next session is too far off (or there is none): a short visit
   * 1.5–20 h after the checkout, moved out of the night, just to pay.
   */
  const returnVisit = (paid: PendingPurchase, before: number): void => {
    let at = paid.checkoutAt + seconds(random, 90 * 60, 20 * 3600);
    for (let step = 0; step < 12 && (localHour(zone, at) >= 23 || localHour(zone, at) < 8); step++) at += HOUR;
    if (at > LAST_SESSION_START || at > before - SESSION_GAP) return; // the month ends first: abandoned after all
    clock = at;
    emit("app_open", { platform });
    clock += seconds(random, 20, 150);
    purchase(paid);
  };

  for (const planned of starts) {
    if (pending !== undefined && Math.max(planned, clock + SESSION_GAP) - pending.checkoutAt > LATER_PURCHASE_WINDOW) {
      returnVisit(pending, planned);
      pending = undefined;
    }
    const start = Math.max(planned, clock + SESSION_GAP);
    if (start > LAST_SESSION_START) break;
    clock = start;
    daysSeen.add(localDay(zone, start));

    emit("app_open", { platform });
    if (!signedUp) {
      clock += seconds(random, 30, 180);
      emit("signup", { method: weighted(random, platform === "ios" ? SIGNUP_METHODS.ios : SIGNUP_METHODS.other) });
      signedUp = true;
    }
    if (pending !== undefined) {
      // Back to pay: minutes to hours after the checkout (cart-abandonment sent, or cancelled in time).
      clock += seconds(random, 20, 150);
      purchase(pending);
      pending = undefined;
    }
    // NPS answered in the app (as if the survey showed on open), rarely and only by regulars.
    if (!answeredNps && daysSeen.size >= 7 && chance(random, NPS_CHANCE)) {
      clock += seconds(random, 10, 60);
      emit("nps_submitted", { score: weighted(random, NPS_SCORES) });
      answeredNps = true;
    }
    if (chance(random, BOUNCE_CHANCE)) continue;

    const cart: Product[] = [];
    const views = integer(random, 1, profile.maxViews);
    for (let v = 0; v < views; v++) {
      const product = pick(random, PRODUCTS[weighted(random, CATEGORY_WEIGHTS)]);
      clock += seconds(random, 8, 90);
      emit("product_viewed", { product_id: product.id, product_name: product.name, category: product.category });
      if (chance(random, ADD_TO_CART_CHANCE)) {
        clock += seconds(random, 4, 40);
        emit("add_to_cart", { product_id: product.id, product_name: product.name, category: product.category, price: product.price });
        cart.push(product);
      }
    }
    const first = cart[0];
    if (first === undefined || !chance(random, CHECKOUT_CHANCE)) continue;

    const value = cents(cart.reduce((sum, product) => sum + product.price, 0));
    const order: OrderRef = { id: "" };
    clock += seconds(random, 20, 120);
    emit("checkout_started", { value, product_name: first.name, discount_code: "CART10" }, order);
    const checkout: PendingPurchase = { order, amount: value, checkoutAt: clock };
    const outcome = random();
    if (outcome < PAYMENT_FAILED) {
      clock += seconds(random, 15, 90);
      emit("payment_failed", {}, order);
      // Half update their card and pay in a later session.
      if (chance(random, RETRY_AFTER_FAILURE_CHANCE)) pending = checkout;
    } else if (outcome < PAID_NOW) {
      clock += seconds(random, 30, 300);
      purchase(checkout);
    } else if (outcome < PAID_LATER) {
      pending = checkout;
    }
  }
  if (pending !== undefined) returnVisit(pending, Number.POSITIVE_INFINITY);
}

// ---------------------------------------------------------------------------------------------------
// Malformed lines
// ---------------------------------------------------------------------------------------------------

export type MalformedKind = "bad-time" | "truncated" | "empty-object" | "array" | "missing-user" | "null";
/** Cycled through in this order, so any log with 6+ malformed lines has every kind. */
const MALFORMED_KINDS: readonly MalformedKind[] = ["bad-time", "truncated", "empty-object", "array", "missing-user", "null"];
const MALFORMED_SHARE = 0.001;

function malformedText(random: Random, kind: MalformedKind, neighbour: ExampleEvent, users: readonly ExampleUser[]): string {
  switch (kind) {
    case "bad-time":
      return JSON.stringify({ userId: pick(random, users).id, name: "app_open", time: "not a date" });
    case "truncated": {
      // A write cut short: a strict prefix of a real line is never valid JSON (the closing brace is missing).
      const line = JSON.stringify(neighbour);
      return line.slice(0, integer(random, 8, line.length - 2));
    }
    case "empty-object":
      return "{}";
    case "array":
      return "[1,2,3]";
    case "missing-user":
      return JSON.stringify({ name: "add_to_cart", time: neighbour.time, properties: { category: "chips" } });
    case "null":
      return "null";
  }
}

/** ~0.1% of the lines (at least one of each kind), at seeded positions between the valid events. */
function placeMalformed(random: Random, events: readonly ExampleEvent[], users: readonly ExampleUser[]): MalformedLine[] {
  if (events.length === 0 || users.length === 0) return [];
  const count = Math.max(MALFORMED_KINDS.length, Math.round(events.length * MALFORMED_SHARE));
  const drawn: { position: number; kind: MalformedKind; text: string }[] = [];
  for (let k = 0; k < count; k++) {
    const kind = MALFORMED_KINDS[k % MALFORMED_KINDS.length] ?? "empty-object";
    // Inserted before the valid event at `position` (events.length: at the end).
    const position = integer(random, 0, events.length);
    const neighbour = events[Math.min(position, events.length - 1)];
    if (neighbour === undefined) throw new Error("no neighbour event");
    drawn.push({ position, kind, text: malformedText(random, kind, neighbour, users) });
  }
  drawn.sort((a, b) => a.position - b.position); // stable: equal positions keep their draw order
  // The j-th malformed line has j malformed lines and `position` valid events before it.
  return drawn.map(({ position, kind, text }, j) => ({ line: position + j + 1, kind, text }));
}

// ---------------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------------

/**
 * Users and events for November 2026, deterministic for a given seed and user count. A user's
 * profile and behaviour depend only on the seed and their id, so a smaller log has the same first
 * users as the full one (event ids, order ids and malformed lines are numbered over the whole log).
 */
export function generateExample(options: GenerateOptions = {}): GeneratedExample {
  const count = options.users ?? DEFAULT_USERS;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`users must be a non-negative integer, got ${count}`);
  const seed = options.seed ?? DEFAULT_SEED;

  const users: ExampleUser[] = [];
  const drafts: DraftEvent[] = [];
  for (let index = 0; index < count; index++) {
    // One stream per user (seeded by seed and id): users do not shift when the count changes.
    const random = seedrandom(`${seed}/${userId(index)}`);
    const plan = planUser(random, index);
    users.push(plan.user);
    simulateUser(random, plan, drafts);
  }
  drafts.sort((a, b) => a.time - b.time || a.user - b.user || a.seq - b.seq);

  let orders = 0;
  const events = drafts.map((draft, n): ExampleEvent => {
    let properties = draft.properties;
    if (draft.order !== undefined) {
      if (draft.name === "checkout_started") draft.order.id = `o${String(++orders).padStart(6, "0")}`;
      else if (draft.order.id === "") throw new Error(`${draft.name} before its checkout`);
      else properties = { ...properties, order_id: draft.order.id };
    }
    return {
      userId: users[draft.user]?.id ?? userId(draft.user),
      id: `e${String(n + 1).padStart(7, "0")}`,
      name: draft.name,
      time: new Date(draft.time).toISOString(),
      properties,
    };
  });

  return { users, events, malformed: placeMalformed(seedrandom(`${seed}/malformed`), events, users) };
}

/** The two files' contents: one JSON value a line, each line ending with "\n"; malformed lines at their line numbers. */
export function toJsonl(example: GeneratedExample): { users: string; events: string } {
  const lines: string[] = [];
  let next = 0;
  for (const malformed of example.malformed) {
    while (lines.length + 1 < malformed.line) lines.push(JSON.stringify(example.events[next++]));
    lines.push(malformed.text);
  }
  while (next < example.events.length) lines.push(JSON.stringify(example.events[next++]));
  const jsonl = (items: readonly string[]): string => (items.length === 0 ? "" : `${items.join("\n")}\n`);
  return { users: jsonl(example.users.map((user) => JSON.stringify(user))), events: jsonl(lines) };
}

// ---------------------------------------------------------------------------------------------------
// Command line (only when run directly, not when imported by tests or benchmarks)
// ---------------------------------------------------------------------------------------------------

function main(args: readonly string[]): void {
  const started = performance.now();
  let users = DEFAULT_USERS;
  let out = fileURLToPath(new URL(".", import.meta.url));
  try {
    const { values } = parseArgs({ args: [...args], options: { users: { type: "string" }, out: { type: "string" } }, strict: true, allowPositionals: false });
    if (values.users !== undefined) {
      users = Number(values.users);
      if (!/^\d+$/.test(values.users) || !Number.isSafeInteger(users)) throw new Error(`--users must be a non-negative integer, got "${values.users}"`);
    }
    if (values.out !== undefined) out = resolve(values.out);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nusage: npx tsx examples/ecommerce/generate-events.ts [--users N] [--out DIR]\n`);
    process.exit(2);
  }

  const example = generateExample({ users });
  const files = toJsonl(example);
  const config = JSON.parse(readFileSync(fileURLToPath(new URL("./campaigns.json", import.meta.url)), "utf8")) as unknown;
  const outcomes = generateOutcomes({ config, users: files.users, events: files.events });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "users.jsonl"), files.users);
  writeFileSync(join(out, "events.jsonl"), files.events);
  writeFileSync(join(out, "outcomes.jsonl"), outcomes.jsonl);
  const where = relative(process.cwd(), out) || ".";
  const elapsed = ((performance.now() - started) / 1000).toFixed(2);
  const outcomeLines = Object.values(outcomes.counts).reduce((sum, count) => sum + count, 0);
  process.stderr.write(
    `generate-events: ${example.users.length} users, ${example.events.length} events + ${example.malformed.length} malformed lines, ${outcomeLines} outcomes → ${join(where, "users.jsonl")}, ${join(where, "events.jsonl")}, ${join(where, "outcomes.jsonl")} (${elapsed} s)\n`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
