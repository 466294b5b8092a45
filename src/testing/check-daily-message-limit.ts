import * as fc from "fast-check";
import type { Channel } from "../channels/channel.js";
import { parseDuration } from "../time/duration.js";
import { configVocabulary } from "./config-vocabulary.js";
import { engineUnderTest, refusedConfigMessage } from "./engine-under-test.js";
import type { TimedEvent } from "./event-sequence-arbitrary.js";
import { assertReport, replayHint, runParameters, type CheckOptions, type InvariantReport } from "./invariant-report.js";
import { localDay, localTime, zoneOf } from "./local-day.js";
import { zoneClock, type ZoneClock } from "../time-zones/zone-clock.js";
import { timeZoneProviderOption } from "../time-zones/time-zone-option.js";
import { userScenarioArbitrary, type UserScenario } from "./scenario-arbitrary.js";
import { simulateUser, type SimulatedDelivery } from "./simulate-user.js";

export interface DailyMessageLimitOptions extends CheckOptions {
  /** At most this many counted messages per user and local calendar day. */
  readonly maxPerDay: number;
  /** Count only these channels (default: every channel). */
  readonly channels?: readonly Channel[];
  /** Your own users (default: `profileArbitrary` with the config's vocabulary, and a generated past). */
  readonly users?: fc.Arbitrary<unknown>;
  /** Your own event sequences, times in epoch ms (default: `eventSequenceArbitrary` near the config's instants). */
  readonly events?: fc.Arbitrary<readonly TimedEvent[]>;
  /** Days a generated sequence spans (default 3). */
  readonly spanDays?: number;
  /** How long `due` keeps being called after the last event (default "2d"): delayed triggers, deferred sends. */
  readonly tail?: string | number;
}

export interface DailyMessageLimitCounterexample {
  readonly user: unknown;
  readonly events: readonly TimedEvent[];
  /** The zone the day is read in: the user's, else the config's. */
  readonly timeZone: string;
  /** The offending local date, "YYYY-MM-DD". */
  readonly day: string;
  readonly count: number;
  /** The counted deliveries of that day. */
  readonly deliveries: readonly SimulatedDelivery[];
}

export type DailyMessageLimitReport = InvariantReport<DailyMessageLimitCounterexample>;

const INVARIANT = "daily-message-limit";

/** The failing case, run again; null when it throws (fast-check's error is reported instead). */
function orNull<T>(run: () => T | null): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}

/** The busiest local day of a simulation's counted deliveries, or null when within the limit. */
function worstDay(deliveries: readonly SimulatedDelivery[], zone: string, channels: ReadonlySet<string> | null, zones: ZoneClock): { day: string; deliveries: SimulatedDelivery[] } | null {
  const byDay = new Map<string, SimulatedDelivery[]>();
  for (const entry of deliveries) {
    if (entry.delivery.counts === false || (channels !== null && !channels.has(entry.delivery.channel))) continue;
    const day = localDay(entry.delivery.at, zone, zones);
    const list = byDay.get(day) ?? [];
    list.push(entry);
    byDay.set(day, list);
  }
  let worst: { day: string; deliveries: SimulatedDelivery[] } | null = null;
  for (const [day, list] of byDay) if (worst === null || list.length > worst.deliveries.length) worst = { day, deliveries: list };
  return worst;
}

function describeViolation(counterexample: DailyMessageLimitCounterexample, maxPerDay: number, what: string, zones: ZoneClock): string {
  const zone = counterexample.timeZone;
  const user = counterexample.user as { id?: unknown };
  const lines = [`user ${JSON.stringify(user?.id ?? null)} received ${counterexample.count} ${what} on ${counterexample.day} (${zone}), more than maxPerDay ${maxPerDay}:`];
  for (const { delivery, decidedAt, call, event } of counterexample.deliveries) {
    lines.push(`  ${localTime(delivery.at, zone, zones)} ${delivery.channel} ${delivery.campaign}${delivery.at === decidedAt ? "" : ` (deferred; decided ${counterexample.day === localDay(decidedAt, zone, zones) ? "" : `${localDay(decidedAt, zone, zones)} `}${localTime(decidedAt, zone, zones)})`} by ${call}${event === undefined ? "" : ` on ${event}`}`);
  }
  lines.push(`after ${counterexample.events.length} event${counterexample.events.length === 1 ? "" : "s"}: ${counterexample.events.map((event) => `${localDay(event.time, zone, zones)} ${localTime(event.time, zone, zones)} ${event.name}${event.properties === undefined ? "" : ` ${JSON.stringify(event.properties)}`}`).join(", ")}`);
  return lines.join("\n");
}

/**
 * No user receives more than `maxPerDay` counted messages (deliveries without `counts: false`,
 * optionally on some channels only) in any calendar day of their time zone, over generated users
 * and event sequences run through the engine as a service would (decide on each event, `due` when
 * `nextCheckAt` says, records kept as history). Deferred sends count on the day they go out.
 * Never throws for a failed invariant or an invalid config: see the report.
 */
export function checkDailyMessageLimit(config: unknown, options: DailyMessageLimitOptions): DailyMessageLimitReport {
  if (!Number.isInteger(options.maxPerDay) || options.maxPerDay < 0) throw new RangeError(`maxPerDay must be a whole number >= 0, got ${String(options.maxPerDay)}`);
  const tail = parseDuration(options.tail ?? "2d");
  if (!tail.ok) throw new RangeError(`tail: ${tail.reason}`);
  const loaded = engineUnderTest(config, options);
  const zones = zoneClock(timeZoneProviderOption(options.timeZones));
  if (!loaded.ok) return { invariant: INVARIANT, ok: false, runs: 0, message: refusedConfigMessage(loaded.problems), configProblems: loaded.problems };
  const { engine } = loaded;
  const vocabulary = configVocabulary(config);
  const channels = options.channels === undefined ? null : new Set<string>(options.channels);
  const what = `messages${channels === null ? "" : ` on ${[...channels].join(" / ")}`}`;

  const violation = (scenario: UserScenario): DailyMessageLimitCounterexample | null => {
    const simulation = simulateUser(engine, { user: scenario.user, events: scenario.events, tailMs: tail.milliseconds });
    const timeZone = zoneOf(scenario.user, vocabulary.timeZone, zones);
    const worst = worstDay(simulation.deliveries, timeZone, channels, zones);
    if (worst === null || worst.deliveries.length <= options.maxPerDay) return null;
    return { user: scenario.user, events: scenario.events, timeZone, day: worst.day, count: worst.deliveries.length, deliveries: worst.deliveries };
  };

  const scenarios = userScenarioArbitrary({
    vocabulary,
    behaviour: engine.behaviour,
    spanDays: options.spanDays ?? 3,
    ...(options.users === undefined ? {} : { users: options.users }),
    ...(options.events === undefined ? {} : { events: options.events }),
  });
  const details = fc.check(fc.property(scenarios, (scenario) => violation(scenario) === null), runParameters(options, 100));
  const base = { invariant: INVARIANT, runs: details.numRuns, seed: details.seed };
  if (!details.failed) return { ...base, ok: true, message: `no user received more than ${options.maxPerDay} ${what} on any day of their time zone, over ${details.numRuns} generated users and event sequences (seed ${details.seed})` };
  const replay = replayHint(details.seed, details.counterexamplePath);
  const scenario = details.counterexample?.[0];
  const counterexample = scenario === undefined ? null : orNull(() => violation(scenario));
  // fast-check also sets errorInstance when the property returned false: the violation is the way to tell.
  if (counterexample === null) {
    const error = details.errorInstance instanceof Error ? `${details.errorInstance.name}: ${details.errorInstance.message}` : String(details.errorInstance);
    return { ...base, ok: false, message: `the engine threw on a generated case (${error}); ${replay}`, ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }) };
  }
  return {
    ...base,
    ok: false,
    counterexample,
    message: `${describeViolation(counterexample, options.maxPerDay, what, zones)}\n${replay}`,
    ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }),
  };
}

/** `checkDailyMessageLimit`, throwing an InvariantError with the report's message when it does not hold. */
export function assertDailyMessageLimit(config: unknown, options: DailyMessageLimitOptions): DailyMessageLimitReport {
  return assertReport(checkDailyMessageLimit(config, options));
}
