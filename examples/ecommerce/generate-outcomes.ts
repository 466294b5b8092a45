/**
 * Generates the e-commerce example's `outcomes.jsonl`: how the world reacted to what the engine
 * actually sent. The example's event log (users.jsonl, events.jsonl) is replayed through
 * campaigns.json exactly as `nudgekit replay` does (`replayEvents` from nudgekit/replay), and each
 * message and exposure of that replay gets seeded reactions:
 *
 * - push and email: delivered or bounced, opens (email also machine opens: privacy proxies), clicks,
 *   a few unsubscribes and complaints; in-app messages: shown (an impression), then clicked or
 *   dismissed;
 * - the `new-feature-modal` experiment has a planted effect (`PLANTED`): the image variant is clicked
 *   more than the no-image one, and a click makes a `list_created` within 7 days likelier. Users in
 *   the experiment's control and in the global holdout saw nothing, and create a list at the base rate.
 *
 * - every user has a planted preferred hour of the day (`preferredHour`: 07:00 to 22:59 local, from a
 *   hash of their id): they open a push or an email in the first such hour of their clock after the
 *   moment they would have opened it (what nudgekit's `bestSendTime` should learn from their opens).
 *
 * Conversions are `list_created` events (`TrackedEvent`s): no campaign trigger or segment reads them,
 * and they are in this file, not in events.jsonl, so the engine's decisions on the demo do not change.
 * The engine's own sends and exposures are not in the file: the replay makes them
 * (`outcomesOfResult`). Each user's reactions come from a PRNG seeded with the seed and their id, so
 * the file is byte-identical on every run.
 */
import seedrandom from "seedrandom";
import { createEngine, type DecideResult, type Decision, type Exposure } from "../../src/index.js";
import { deliveryIdOf, type MessageOutcomeEvent, type TrackedEvent } from "../../src/metrics/index.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";
import { parseEventLine, parseUserLine, replayEvents, type ReplayEvent } from "../../src/replay/index.js";
import { hashUnit } from "../../src/experiments/hashing/unit-hash.js";
import { zoneClock } from "../../src/time-zones/zone-clock.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DEFAULT_SEED = "nudgekit-ecommerce-2026";

/**
 * The planted effect of the `new-feature-modal` experiment: the chance that a shown modal is clicked,
 * per variant, and the chance of a `list_created` within 7 days of the impression for users who
 * clicked and for everybody else (who did not click, or saw nothing: the control, the global holdout).
 */
export const PLANTED = Object.freeze({
  campaign: "new-feature-modal",
  experiment: "new-feature-modal",
  conversionEvent: "list_created",
  clickThrough: Object.freeze({ image: 0.18, "no-image": 0.12 } as Readonly<Record<string, number>>),
  conversionAfterClick: 0.4,
  baseConversion: 0.08,
});

/**
 * The true chance that a user of an arm of `new-feature-modal` (image, no-image, control, or
 * "holdout") creates a list within 7 days of their first exposure, as planted: 0.1376 for image,
 * 0.1184 for no-image, 0.08 for the control and the holdout.
 */
export function plantedConversionRate(arm: string): number {
  const click = PLANTED.clickThrough[arm];
  return click === undefined ? PLANTED.baseConversion : click * PLANTED.conversionAfterClick + (1 - click) * PLANTED.baseConversion;
}

/** In-app click-through by campaign (the experiment's variants: `PLANTED`); other in-app messages are dismissed at this rate. */
const IN_APP_CLICK: Readonly<Record<string, number>> = { welcome: 0.25, "cross-sell-drinks": 0.08, "nps-survey": 0.3 };
const IN_APP_DISMISS = 0.7;
const PUSH = { bounce: 0.03, open: 0.09, clickAfterOpen: 0.5 };
const EMAIL = { bounce: 0.02, machineOpen: 0.35, open: 0.22, clickAfterOpen: 0.15, unsubscribe: 0.003, complaint: 0.0005 };
/** Messages people read more: a failed payment. */
const OPEN_BOOST: Readonly<Record<string, number>> = { "payment-failure": 2 };
/** A conversion comes this long after the impression (or the exposure): from 2 minutes to 6.9 days, mostly early. */
const CONVERSION_DELAY = { min: 2 * MINUTE, max: 6.9 * DAY };

type Random = () => number;
type OutcomeLine = MessageOutcomeEvent | TrackedEvent;

export interface GenerateOutcomesInput {
  /** The engine config (campaigns.json). */
  readonly config: unknown;
  /** The text of users.jsonl and events.jsonl, as `nudgekit replay` reads them. */
  readonly users: string;
  readonly events: string;
  /** Default "nudgekit-ecommerce-2026". */
  readonly seed?: string;
}

export interface GeneratedOutcomes {
  /** outcomes.jsonl: one event a line, in time order. */
  readonly jsonl: string;
  /** Lines of each kind (`sent` is not among them: the replay makes its own). */
  readonly counts: Readonly<Record<string, number>>;
}

interface UserResults {
  readonly decisions: Decision[];
  readonly exposures: Exposure[];
  /** The user's zone (UTC when the profile has none, or an unknown one). */
  readonly zone: string;
}

const zones = zoneClock();

/** A user's planted preferred hour of the day, 7 to 22 (local): a hash of their id, so that the world's other draws do not move. */
export function preferredHour(userId: string): number {
  return 7 + Math.floor((hashUnit("preferred-hour", userId).value / 4_294_967_296) * 16);
}

/** The first instant at or after `at` inside the user's preferred hour on their clock, at a minute drawn from a hash of the user and the instant. */
export function atPreferredHour(userId: string, zone: string, at: number): number {
  const hour = preferredHour(userId);
  const wall = zones.wallTime(at, zone);
  const ofDay = ((wall % DAY) + DAY) % DAY;
  if (ofDay >= hour * HOUR && ofDay < (hour + 1) * HOUR) return at;
  const minute = Math.floor((hashUnit("preferred-minute", `${userId}:${at}`).value / 4_294_967_296) * 60);
  const wanted = wall - ofDay + hour * HOUR + minute * MINUTE + (ofDay >= (hour + 1) * HOUR ? DAY : 0);
  return zones.instantOf(wanted, zone);
}

/** The replay of the example, as `nudgekit replay` runs it: each user's decisions and exposures. */
function replayExample(input: GenerateOutcomesInput): Map<string, UserResults> {
  const engine = createEngine(input.config, { backend: codegenBackend });
  const profiles = new Map<string, Record<string, unknown>>();
  input.users.split("\n").forEach((text, index) => {
    if (text.trim() === "") return;
    const parsed = parseUserLine(text, index + 1);
    if ("profile" in parsed) profiles.set(parsed.id, parsed.profile);
  });
  const events: ReplayEvent[] = [];
  input.events.split("\n").forEach((text, index) => {
    if (text.trim() === "") return;
    const parsed = parseEventLine(text, index + 1);
    if ("event" in parsed) events.push(parsed);
  });
  const users = new Map<string, UserResults>();
  const onResult = (userId: string, _at: number, result: DecideResult): void => {
    if (result.decisions.length === 0 && result.records.length === 0) return;
    let user = users.get(userId);
    if (user === undefined) {
      const zone = profiles.get(userId)?.["timeZone"];
      users.set(userId, (user = { decisions: [], exposures: [], zone: typeof zone === "string" && zones.isValid(zone) ? zone : "UTC" }));
    }
    for (const decision of result.decisions) user.decisions.push(decision);
    for (const record of result.records) if (record.type === "exposure") user.exposures.push(record.exposure);
  };
  replayEvents(engine, events, profiles, { onResult });
  return users;
}

/** The reactions of one user, from their own seeded PRNG. */
class UserWorld {
  readonly lines: OutcomeLine[] = [];
  readonly #random: Random;
  #conversions = 0;

  constructor(
    readonly userId: string,
    seed: string,
    readonly zone: string,
  ) {
    this.#random = seedrandom(`${seed}/outcomes/${userId}`);
  }

  chance(probability: number): boolean {
    return this.#random() < probability;
  }

  /** A whole number of seconds in [min, max] ms. */
  delay(min: number, max: number): number {
    return Math.round((min + this.#random() * (max - min)) / SECOND) * SECOND;
  }

  /** Skewed towards `min`: most reactions come soon. */
  earlyDelay(min: number, max: number): number {
    const draw = this.#random();
    return Math.round((min + draw * draw * (max - min)) / SECOND) * SECOND;
  }

  outcome(outcome: MessageOutcomeEvent["outcome"], time: number, decision: Decision, extra: { machine?: true; linkId?: string } = {}): void {
    const deliveryId = deliveryIdOf(decision);
    this.lines.push({
      outcome,
      id: `${outcome}${extra.machine === true ? "-machine" : ""}/${deliveryId}`,
      userId: this.userId,
      time: new Date(time).toISOString(),
      campaignId: decision.campaignId,
      ...(decision.variantId === null ? {} : { variantId: decision.variantId }),
      channel: decision.channel,
      deliveryId,
      ...extra,
    });
  }

  convert(after: number): void {
    const time = after + this.earlyDelay(CONVERSION_DELAY.min, CONVERSION_DELAY.max);
    const n = ++this.#conversions;
    this.lines.push({ name: PLANTED.conversionEvent, id: `${PLANTED.conversionEvent}/${this.userId}/${n}`, userId: this.userId, time: new Date(time).toISOString(), properties: { items: 1 + Math.floor(this.#random() * 6) } });
  }

  /** What happens to one message; returns when it was shown and whether it was clicked (in-app), for the experiment. */
  react(decision: Decision): { shownAt: number; clicked: boolean } | null {
    const sentAt = decision.sendAt;
    if (decision.channel === "in_app") {
      const shownAt = sentAt + this.delay(SECOND, 5 * SECOND);
      this.outcome("impression", shownAt, decision);
      const clickThrough = decision.campaignId === PLANTED.campaign ? (PLANTED.clickThrough[decision.variantId ?? ""] ?? 0) : (IN_APP_CLICK[decision.campaignId] ?? 0.1);
      if (this.chance(clickThrough)) {
        this.outcome("click", shownAt + this.delay(3 * SECOND, MINUTE), decision, { linkId: "primary" });
        return { shownAt, clicked: true };
      }
      if (this.chance(IN_APP_DISMISS)) this.outcome("dismissed", shownAt + this.delay(2 * SECOND, 30 * SECOND), decision);
      return { shownAt, clicked: false };
    }
    const boost = OPEN_BOOST[decision.campaignId] ?? 1;
    if (decision.channel === "email") {
      if (this.chance(EMAIL.bounce)) {
        this.outcome("bounced", sentAt + this.delay(5 * SECOND, 10 * MINUTE), decision);
        return null;
      }
      const deliveredAt = sentAt + this.delay(SECOND, 2 * MINUTE);
      this.outcome("delivered", deliveredAt, decision);
      if (this.chance(EMAIL.machineOpen)) this.outcome("open", deliveredAt + this.delay(SECOND, 10 * SECOND), decision, { machine: true });
      if (this.chance(EMAIL.open * boost)) {
        const openedAt = atPreferredHour(this.userId, this.zone, deliveredAt + this.earlyDelay(MINUTE, 3 * DAY));
        this.outcome("open", openedAt, decision);
        if (this.chance(EMAIL.clickAfterOpen)) this.outcome("click", openedAt + this.delay(5 * SECOND, 5 * MINUTE), decision, { linkId: "primary" });
        if (this.chance(EMAIL.unsubscribe / EMAIL.open)) this.outcome("unsubscribed", openedAt + this.delay(10 * SECOND, 10 * MINUTE), decision);
      }
      if (this.chance(EMAIL.complaint)) this.outcome("complaint", deliveredAt + this.earlyDelay(HOUR, 2 * DAY), decision);
      return null;
    }
    // push and web push
    if (this.chance(PUSH.bounce)) {
      this.outcome("bounced", sentAt + this.delay(SECOND, 30 * SECOND), decision);
      return null;
    }
    const deliveredAt = sentAt + this.delay(SECOND, 30 * SECOND);
    this.outcome("delivered", deliveredAt, decision);
    if (this.chance(PUSH.open * boost)) {
      const openedAt = atPreferredHour(this.userId, this.zone, deliveredAt + this.earlyDelay(10 * SECOND, DAY));
      this.outcome("open", openedAt, decision);
      if (this.chance(PUSH.clickAfterOpen)) this.outcome("click", openedAt + this.delay(2 * SECOND, MINUTE), decision, { linkId: "primary" });
    }
    return null;
  }
}

/** One user's world: reactions to each message, then whether they create a list after the experiment. */
function simulateUser(userId: string, results: UserResults, seed: string): OutcomeLine[] {
  const world = new UserWorld(userId, seed, results.zone);
  // The experiment draws from its own stream: its figures do not move when the config sends the user more or fewer other messages.
  const experimentWorld = new UserWorld(userId, `${seed}/${PLANTED.experiment}`, results.zone);
  let experimentMessage: { shownAt: number; clicked: boolean } | null = null;
  for (const decision of results.decisions) {
    const reaction = (decision.campaignId === PLANTED.campaign ? experimentWorld : world).react(decision);
    if (decision.campaignId === PLANTED.campaign && reaction !== null && experimentMessage === null) experimentMessage = reaction;
  }
  // The first exposure to the experiment's campaign: a treatment arm (shown the modal), the control, or the global holdout.
  const exposures = results.exposures.filter((exposure) => exposure.campaign === PLANTED.campaign).sort((a, b) => a.at - b.at);
  const first = exposures[0];
  if (first !== undefined) {
    const clicked = experimentMessage?.clicked === true;
    const after = experimentMessage === null ? first.at : Math.max(first.at, experimentMessage.shownAt);
    if (experimentWorld.chance(clicked ? PLANTED.conversionAfterClick : PLANTED.baseConversion)) experimentWorld.convert(after);
  }
  return [...world.lines, ...experimentWorld.lines];
}

/**
 * outcomes.jsonl for the example's files: the replay's messages and exposures, each with seeded
 * reactions (see the module's comment and `PLANTED`). Deterministic for a given seed and input.
 */
export function generateOutcomes(input: GenerateOutcomesInput): GeneratedOutcomes {
  const seed = input.seed ?? DEFAULT_SEED;
  const users = replayExample(input);
  const lines: OutcomeLine[] = [];
  for (const userId of [...users.keys()].sort()) lines.push(...simulateUser(userId, users.get(userId) as UserResults, seed));
  const timeOf = (line: OutcomeLine): string => line.time as string;
  lines.sort((a, b) => (timeOf(a) < timeOf(b) ? -1 : timeOf(a) > timeOf(b) ? 1 : String(a.userId) < String(b.userId) ? -1 : String(a.userId) > String(b.userId) ? 1 : String(a.id) < String(b.id) ? -1 : 1));
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const kind = "outcome" in line ? line.outcome : line.name;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return { jsonl: lines.length === 0 ? "" : `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`, counts };
}
