import { hashUnit } from "../../experiments/hashing/unit-hash.js";
import { exp } from "../../math/exp.js";
import { sampleLogGamma } from "../../experiments/bandit/gamma-sampler.js";
import { field } from "../../json/own-value.js";
import { isInstant } from "../../time/instant.js";
import { MAX_EPOCH_MS } from "../../time/timestamp.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { zoneClock } from "../../time-zones/zone-clock.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Hours of a week: bin 0 is Sunday 00:00–01:00 local, bin 167 Saturday 23:00–24:00. */
export const HOURS_OF_WEEK = 168;
/** The instants `bestSendTime` chooses among: every 5 minutes of local time. */
export const SEND_TIME_STEP_MS = 5 * MINUTE;
export const MIN_SEND_WINDOW_MS = HOUR;
export const MAX_SEND_WINDOW_MS = 7 * DAY;

export interface BestSendTimeOptions {
  /** The user's zone (default "UTC"; an unknown zone reads as UTC). */
  readonly timeZone?: string;
  /** Where zones come from (default `intlTimeZones`). */
  readonly timeZones?: TimeZoneProvider;
  /** Only this channel's opens and clicks count (engagement without a channel counts for all). */
  readonly channel?: string;
  /** How far ahead the instant may be: 1 hour to 7 days (default 24 hours). */
  readonly withinMs?: number;
  /** An engagement's weight halves every this long (default 30 days). */
  readonly halfLifeMs?: number;
  /** The population's engagement by hour of week, 168 weights ≥ 0 (bin 0: Sunday 00:00 local; default: every hour alike). */
  readonly prior?: readonly number[];
  /** How many engagements the prior weighs as (Dirichlet pseudo-counts; default 5). */
  readonly priorStrength?: number;
  /**
   * The share of each engagement spread over the same hour on the other days of the week (default
   * 0.5): a user who opened on Tuesday at 19:00 is likelier to open on Wednesday at 19:00 too, and
   * with few engagements the week's 168 hours are too many to learn one by one. 0: hours of week alone.
   */
  readonly dayPooling?: number;
  /** The share of calls that explore a random hour of the window instead (default 0.1; 0: never). With `exploration: "thompson"`, unused. */
  readonly epsilon?: number;
  /**
   * How hours the data has not settled get tried: `epsilon` (default: a random hour of the window,
   * `epsilon` of the time) or `thompson` (each hour's share drawn from its Dirichlet posterior,
   * the highest draw wins: users with little engagement explore much, users with much explore little).
   */
  readonly exploration?: "epsilon" | "thompson";
  /** The user's id: exploration and the minute within the hour are drawn from it (spreading load). */
  readonly unitId?: string;
  /** Salts the draws (e.g. the campaign's id), so that two campaigns explore independently. */
  readonly seed?: string;
  /** Instants the sender may not use (a campaign's schedule): left out of the window. With none left, the answer is `now`. */
  readonly allowed?: (at: number) => boolean;
}

/** When to send, and why. */
export interface BestSendTime {
  /** Epoch ms: at or after `now`, within the window, on a 5-minute step of local time. */
  readonly at: number;
  /** The chosen hour of week in the user's zone (0: Sunday 00:00). */
  readonly hourOfWeek: number;
  /** `user`: their own engagement leads; `population`: the prior does (too little of their own); `exploration`: a random hour of the window; `no-preference`: every hour alike (the window's first). */
  readonly reason: "user" | "population" | "exploration" | "no-preference";
  /** The chosen hour's share of the user's engagement, after shrinking toward the prior (0 to 1). */
  readonly share: number;
  /** The user's engagement counted, after decay. */
  readonly evidence: number;
}

/** A uniform draw in [0, 1) from MurmurHash3 of the seed and the input: the same inputs, the same draw, on every runtime. */
const draw = (seed: string, input: string): number => hashUnit(`send-time:${seed}`, input).value / 4_294_967_296;

/**
 * The instant within the next `withinMs` at which the user is likeliest to engage: their opens and
 * clicks (machine opens excluded) by local hour of week, each weighed down by age (half-life) and
 * partly pooled with the same hour on the other days (`dayPooling`),
 * shrunk toward the population's hours (a Dirichlet prior of `priorStrength` pseudo-counts), so a
 * user with no history gets the population's best hour and a user with much gets their own. With
 * probability `epsilon` (a deterministic draw from the unit id, the seed and the day) a random hour
 * of the window instead, so that hours the data never tried get tried. The minute within the hour
 * is the unit's own (a hash), on the 5-minute grid, so that many users with the same best hour do
 * not all go at its first minute. DST-correct: hours are read on the user's local clock. Pure; a
 * user without data is never dropped. Compose with quiet hours and caps by asking for the next
 * allowed instant from `at` (the engine does).
 *
 * @example
 * const opens = [1, 2, 3].map((week) => ({ at: Date.UTC(2026, 10, 30 - 7 * week, 18, 30), kind: "opened" })); // Mondays 19:30 in Paris
 * bestSendTime(opens, Date.UTC(2026, 10, 30, 8), { timeZone: "Europe/Paris", unitId: "u1", epsilon: 0 });
 * // { at: Date.UTC(2026, 10, 30, 18, 30), hourOfWeek: 43, reason: "user", share: 0.31…, evidence: 2.21… } (Monday 19:30 in Paris)
 */
export function bestSendTime(engagement: Iterable<unknown>, now: number, options: BestSendTimeOptions = {}): BestSendTime {
  if (!isInstant(now)) throw new RangeError("now must be an instant (epoch ms within the Date range)");
  const withinMs = options.withinMs ?? DAY;
  if (!(withinMs >= MIN_SEND_WINDOW_MS && withinMs <= MAX_SEND_WINDOW_MS)) throw new RangeError("withinMs must be from 1 hour to 7 days");
  const halfLifeMs = options.halfLifeMs ?? 30 * DAY;
  if (!(halfLifeMs > 0 && Number.isFinite(halfLifeMs))) throw new RangeError("halfLifeMs must be a positive duration");
  const strength = options.priorStrength ?? 5;
  if (!(strength >= 0 && Number.isFinite(strength))) throw new RangeError("priorStrength must be a number ≥ 0");
  const epsilon = options.epsilon ?? 0.1;
  const exploration = options.exploration ?? "epsilon";
  if (exploration !== "epsilon" && exploration !== "thompson") throw new RangeError('exploration must be "epsilon" or "thompson"');
  const pooling = options.dayPooling ?? 0.5;
  if (!(pooling >= 0 && pooling <= 1)) throw new RangeError("dayPooling must be from 0 to 1");
  if (!(epsilon >= 0 && epsilon <= 1)) throw new RangeError("epsilon must be from 0 to 1");
  const prior = options.prior ?? null;
  if (prior !== null && !(prior.length === HOURS_OF_WEEK && prior.every((weight) => Number.isFinite(weight) && weight >= 0) && prior.some((weight) => weight > 0))) throw new RangeError("prior must be 168 weights ≥ 0, not all 0 (bin 0: Sunday 00:00 local)");
  const zones = zoneClock(options.timeZones);
  const zone = zones.isValid(options.timeZone) ? options.timeZone : "UTC";
  const unit = options.unitId ?? "";
  const seed = options.seed ?? "";

  // The user's engagement by hour of week, decayed by age (events after now are not known yet).
  const counts = new Float64Array(HOURS_OF_WEEK);
  let evidence = 0;
  for (const entry of engagement) {
    const at = field(entry, "at");
    const kind = field(entry, "kind");
    if (!isInstant(at) || at > now || (kind !== "opened" && kind !== "clicked")) continue;
    if (field(entry, "machine") === true) continue;
    const channel = field(entry, "channel");
    if (options.channel !== undefined && channel !== undefined && channel !== options.channel) continue;
    // 0.5^(age / half-life), with nudgekit's exact exp: the same weight on every runtime.
    const weight = exp((-Math.LN2 * (now - at)) / halfLifeMs);
    counts[zones.localHourOfWeek(at, zone)]! += weight;
    evidence += weight;
  }
  const priorTotal = prior === null ? HOURS_OF_WEEK : prior.reduce((sum, weight) => sum + weight, 0);
  const priorShare = (bin: number): number => (prior === null ? 1 : (prior[bin] as number)) / priorTotal;
  // Each hour's count, part its own and part the same hour's over the week (the total stays the evidence).
  const byHour = new Float64Array(24);
  for (let bin = 0; bin < HOURS_OF_WEEK; bin++) byHour[bin % 24]! += counts[bin] as number;
  const pooled = (bin: number): number => (1 - pooling) * (counts[bin] as number) + (pooling * (byHour[bin % 24] as number)) / 7;
  const share = (bin: number): number => (evidence + strength === 0 ? 1 / HOURS_OF_WEEK : (pooled(bin) + strength * priorShare(bin)) / (evidence + strength));

  // The candidates: every 5 minutes of local time from now to the end of the window, grouped by hour of week (in window order).
  const wallNow = zones.wallTime(now, zone);
  const firstAt = now + (Math.ceil(wallNow / SEND_TIME_STEP_MS) * SEND_TIME_STEP_MS - wallNow);
  const end = Math.min(now + withinMs, MAX_EPOCH_MS);
  const hours: { bin: number; instants: number[] }[] = [];
  for (let at = firstAt; at <= end; at += SEND_TIME_STEP_MS) {
    if (options.allowed !== undefined && !options.allowed(at)) continue;
    const bin = zones.localHourOfWeek(at, zone);
    const last = hours[hours.length - 1];
    if (last !== undefined && last.bin === bin) last.instants.push(at);
    else hours.push({ bin, instants: [at] });
  }
  // No instant of the window allowed (or none on the grid): now, which the caller has checked.
  if (hours.length === 0) return { at: now, hourOfWeek: zones.localHourOfWeek(now, zone), reason: "no-preference", share: share(zones.localHourOfWeek(now, zone)), evidence };

  const day = Math.floor(wallNow / DAY);
  let chosen = hours[0] as { bin: number; instants: number[] };
  let reason: BestSendTime["reason"];
  let greedy = hours[0] as typeof chosen;
  for (const hour of hours) if (share(hour.bin) > share(greedy.bin) + 1e-12) greedy = hour;
  const uniform = hours.every((hour) => Math.abs(share(hour.bin) - share(greedy.bin)) <= 1e-12);
  const settled: BestSendTime["reason"] = uniform ? "no-preference" : pooled(greedy.bin) >= strength * priorShare(greedy.bin) ? "user" : "population";
  if (exploration === "thompson" && evidence + strength > 0) {
    // An hour's share drawn from its Dirichlet posterior; only the candidates' draws are compared (the shared normaliser changes no order).
    let best = Number.NEGATIVE_INFINITY;
    for (const hour of hours) {
      const shape = pooled(hour.bin) + strength * priorShare(hour.bin);
      // The bandits' Gamma sampler, on hash draws instead of a PRNG: the same draw on every runtime.
      let k = 0;
      const logDraw = shape > 0 ? sampleLogGamma(shape, () => draw(seed, `${unit}:${day}:thompson:${hour.bin}:${k++}`)) : Number.NEGATIVE_INFINITY;
      if (logDraw > best) {
        best = logDraw;
        chosen = hour;
      }
    }
    reason = chosen === greedy ? settled : "exploration";
  } else if (exploration === "epsilon" && epsilon > 0 && draw(seed, `${unit}:${day}:explore`) < epsilon) {
    chosen = hours[Math.floor(draw(seed, `${unit}:${day}:hour`) * hours.length)] as typeof chosen;
    reason = "exploration";
  } else {
    chosen = greedy;
    reason = settled;
  }
  // The unit's own minute within the hour (on the grid): the nearest the hour's candidates have, else its first.
  const minute = Math.floor(draw(seed, `${unit}:minute`) * 12) * 5;
  const wantedWall = (at: number): number => Math.abs((((zones.wallTime(at, zone) % HOUR) + HOUR) % HOUR) / MINUTE - minute);
  const at = reason === "no-preference" ? (chosen.instants[0] as number) : chosen.instants.reduce((best, candidate) => (wantedWall(candidate) < wantedWall(best) ? candidate : best));
  return { at, hourOfWeek: chosen.bin, reason, share: share(chosen.bin), evidence };
}
