import { bestSendTime, HOURS_OF_WEEK } from "../channels/send-time/best-send-time.js";
import { firstTimeAtOrAfter } from "../caps/history/rule-times.js";
import { nextLocalTime } from "../journeys/run/next-local-time.js";
import type { TimeZoneProvider } from "../time-zones/time-zone-provider.js";
import { zoneClock, type ZoneClock } from "../time-zones/zone-clock.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SendTimeEvaluationOptions {
  /** Where zones come from (default `intlTimeZones`). */
  readonly timeZones?: TimeZoneProvider;
  /** The fixed-hour policy's local hour (default 10: 10:00). */
  readonly fixedHour?: number;
  /** A send "hits" when it is this close to the user's next open (default 1 hour). */
  readonly toleranceMs?: number;
  /** How far ahead each policy may send (default 24 hours). */
  readonly withinMs?: number;
}

/** How three send-time policies would have fared on a log: the share of sends each put within the tolerance of the user's next real open. */
export interface SendTimeEvaluation {
  /** Push and email sends of the replay. */
  readonly sends: number;
  /** Those followed by an open of the user's within the window (the others no policy could hit). */
  readonly evaluated: number;
  readonly toleranceMs: number;
  readonly withinMs: number;
  /** `bestSendTime` on the user's opens before the send, shrunk toward the population's hours. */
  readonly best: number;
  /** The same local hour for everyone (`fixedHour`). */
  readonly fixedHour: { readonly hour: number; readonly share: number };
  /** The population's best hour of the window (every user's opens by local hour of week). */
  readonly populationHour: number;
  /** The same over the sends whose user had opened before (the others get the population's hour from `bestSendTime` too). */
  readonly withHistory: { readonly evaluated: number; readonly best: number; readonly fixedHour: number; readonly populationHour: number };
}

/**
 * An offline evaluation of send times over a replayed log: for each push or email send, where the
 * user's next real open (a person's, not a privacy proxy's) fell, and whether three policies would
 * have sent within `toleranceMs` of it — the user's best time (`bestSendTime` on their opens before
 * the send, the population's hours before the send as the prior, no exploration), a fixed local
 * hour, and the population's best hour (from the opens before the send). Nothing after a send is
 * used to choose its time. Give it the sends (`addSend`) and the opens (`addOpen`) in any order.
 *
 * @example
 * const evaluation = new SendTimeEvaluator();
 * evaluation.addOpen("u1", Date.UTC(2026, 10, 2, 18, 40), "Europe/Paris");
 * evaluation.addSend("u1", Date.UTC(2026, 10, 9, 8), "Europe/Paris");
 * evaluation.addOpen("u1", Date.UTC(2026, 10, 9, 18, 35), "Europe/Paris");
 * evaluation.report(); // { sends: 1, evaluated: 1, best: 1, fixedHour: { hour: 10, share: 0 }, populationHour: 1, withHistory: { evaluated: 1, best: 1, … }, … }
 */
export class SendTimeEvaluator {
  readonly #zones: ZoneClock;
  readonly #fixedHour: number;
  readonly #toleranceMs: number;
  readonly #withinMs: number;
  readonly #opens = new Map<string, number[]>();
  readonly #sends: { userId: string; at: number }[] = [];
  readonly #zoneOf = new Map<string, string>();

  constructor(options: SendTimeEvaluationOptions = {}) {
    this.#zones = zoneClock(options.timeZones);
    this.#fixedHour = options.fixedHour ?? 10;
    this.#toleranceMs = options.toleranceMs ?? HOUR;
    this.#withinMs = options.withinMs ?? DAY;
    if (!(Number.isInteger(this.#fixedHour) && this.#fixedHour >= 0 && this.#fixedHour <= 23)) throw new RangeError("fixedHour must be a whole hour from 0 to 23");
  }

  /** A push or email decided for the user at `at` (the call's instant, before any deferral); `zone` is theirs (UTC when unknown). */
  addSend(userId: string, at: number, zone: string | undefined): void {
    this.#sends.push({ userId, at });
    this.#remember(userId, zone);
  }

  /** A person's open of one of the user's messages. */
  addOpen(userId: string, at: number, zone?: string): void {
    let opens = this.#opens.get(userId);
    if (opens === undefined) this.#opens.set(userId, (opens = []));
    opens.push(at);
    this.#remember(userId, zone);
  }

  #remember(userId: string, zone: string | undefined): void {
    if (!this.#zoneOf.has(userId) && zone !== undefined && this.#zones.isValid(zone)) this.#zoneOf.set(userId, zone);
  }

  report(): SendTimeEvaluation {
    const zones = this.#zones;
    const zoneOf = (userId: string): string => this.#zoneOf.get(userId) ?? "UTC";
    for (const opens of this.#opens.values()) opens.sort((a, b) => a - b);
    // Every open in time order: the population's hours are what was known before each send (no peeking at the opens to predict).
    const timeline = [...this.#opens].flatMap(([userId, opens]) => opens.map((at) => ({ at, bin: zones.localHourOfWeek(at, zoneOf(userId)) }))).sort((a, b) => a.at - b.at);
    const sends = [...this.#sends].sort((a, b) => a.at - b.at);
    const prior = new Array<number>(HOURS_OF_WEEK).fill(0);
    let known = 0;
    // Hits of each policy: [best, fixed, population], over every evaluated send and over those whose user had opened before.
    const all = { evaluated: 0, hits: [0, 0, 0] };
    const withHistory = { evaluated: 0, hits: [0, 0, 0] };
    const hit = (at: number, open: number): boolean => Math.abs(at - open) <= this.#toleranceMs;
    for (const send of sends) {
      while (known < timeline.length && (timeline[known] as { at: number }).at < send.at) prior[(timeline[known++] as { bin: number }).bin]! += 1;
      const opens = this.#opens.get(send.userId) ?? [];
      const index = firstTimeAtOrAfter(opens, send.at);
      const next = opens[index];
      if (next === undefined || next > send.at + this.#withinMs) continue;
      const zone = zoneOf(send.userId);
      const common = { timeZone: zone, timeZones: zones.provider, withinMs: this.#withinMs, epsilon: 0, unitId: send.userId, ...(known > 0 ? { prior } : {}) };
      const history = opens.slice(0, index).map((at) => ({ at, kind: "opened" }));
      const hits = [hit(bestSendTime(history, send.at, common).at, next), hit(nextLocalTime(send.at - 1, this.#fixedHour * 60, null, zone, zones), next), hit(bestSendTime([], send.at, common).at, next)];
      for (const group of history.length > 0 ? [all, withHistory] : [all]) {
        group.evaluated++;
        hits.forEach((hitIt, policy) => (group.hits[policy]! += hitIt ? 1 : 0));
      }
    }
    const share = (group: { evaluated: number; hits: number[] }, policy: number): number => (group.evaluated === 0 ? 0 : (group.hits[policy] as number) / group.evaluated);
    return {
      sends: this.#sends.length,
      evaluated: all.evaluated,
      toleranceMs: this.#toleranceMs,
      withinMs: this.#withinMs,
      best: share(all, 0),
      fixedHour: { hour: this.#fixedHour, share: share(all, 1) },
      populationHour: share(all, 2),
      withHistory: { evaluated: withHistory.evaluated, best: share(withHistory, 0), fixedHour: share(withHistory, 1), populationHour: share(withHistory, 2) },
    };
  }
}
