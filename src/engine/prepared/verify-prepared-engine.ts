/**
 * The structure of a prepared engine, checked by `loadEngine` before it builds anything: a prepared
 * config edited by hand (or by an attacker who recomputed its digest) is refused at load with the
 * JSON pointer of what is wrong, instead of failing later inside `decide`. It checks what the engine
 * relies on — types, enumerations, bounds of numbers, instants inside the Date range, durations up
 * to MAX_DURATION_MS, references to categories, segments and template filters — not what
 * `prepareConfig` alone can judge (rules are compiled again by the loader, which checks them).
 */
import { CHANNELS } from "../../channels/channel.js";
import { CHANNEL_STRATEGIES } from "../../channels/policy/channel-strategies.js";
import { IN_APP_FORMATS, PLATFORMS } from "../../channels/surface.js";
import { BUCKET_COUNT } from "../../experiments/hashing/bucket.js";
import { childPointer } from "../../json/json-pointer.js";
import { MAX_DURATION_MS } from "../../time/duration.js";
import { isTimeZoneShape } from "../../time-zones/zone-name.js";
import { MAX_EPOCH_MS } from "../../time/timestamp.js";
import { MAX_RUNS } from "../../journeys/state/journey-state.js";
import { HOURS_OF_WEEK, MAX_SEND_WINDOW_MS, MIN_SEND_WINDOW_MS } from "../../channels/send-time/best-send-time.js";
import { CAMPAIGN_STATUSES } from "../../schema/campaign-statuses.js";
import { templateFilter } from "../content/template-filters.js";
import { MAX_CONTENT_DEPTH } from "../content/content-model.js";
import { isContentFieldName } from "../../json/content-field-name.js";
import { anyOf, anything, bool, both, integer, list, nullable, number, object, oneOf, optional, record, text, tuple, variant, type Check } from "./json-shape.js";

const MAX = Number.MAX_SAFE_INTEGER;
const finite = number(-Number.MAX_VALUE, Number.MAX_VALUE);
const instant = number(-MAX_EPOCH_MS, MAX_EPOCH_MS);
const duration = number(0, MAX_DURATION_MS);
const positiveDuration = number(Number.MIN_VALUE, MAX_DURATION_MS);
const count = integer(0, MAX);
const share = number(0, 1);
const minuteOfDay = integer(0, 1439);
const horizonDays = integer(1, 3_660);
// The form only: loadEngine asks its time-zone provider whether it knows the zone.
const timeZone: Check = (value) => isTimeZoneShape(value);
const channel = oneOf(CHANNELS);
const channels = list(channel);
const format = oneOf(IN_APP_FORMATS);
const strategy = oneOf(CHANNEL_STRATEGIES);
const onBlocked = oneOf(["fallback", "defer"]);
const texts = list(text);
const bucket = integer(0, BUCKET_COUNT);
const bucketRange = tuple(bucket, bucket);
/** What prepareConfig writes as `[key, value]` pairs. */
const entries = (value: Check): Check => list(tuple(text, value));

const operand = variant("kind", {
  literal: object({ value: anyOf(text, bool, finite, (value) => value === null) }),
  path: object({ segments: list(anyOf(text, integer(-MAX, MAX))) }),
});
/** A known filter, with as many arguments as it takes. */
const filterCall = both(object({ name: text, args: list(operand) }), (value) => {
  const { name, args } = value as { name: string; args: unknown[] };
  const filter = templateFilter(name);
  return filter !== undefined && args.length >= filter.minArgs && args.length <= filter.maxArgs;
});
// What rendering reads (the source and the constant flag are not).
const template = object({ parts: list(variant("kind", { text: object({ text }), output: object({ operand, filters: list(filterCall) }) })) });

/** A content tree (content-model.ts): field names are words, templates carry their escaping, and nesting is bounded. */
const contentNode = (depth: number): Check => {
  const inner: Check = depth >= MAX_CONTENT_DEPTH ? () => false : (value, at) => contentNode(depth + 1)(value, at);
  return variant("kind", {
    template: object({ escaping: oneOf(["text", "html", "url"]), template }),
    value: object({ value: anyOf(text, bool, finite) }),
    object: object({ fields: list(tuple((value) => typeof value === "string" && isContentFieldName(value), inner)) }),
    list: object({ items: list(inner) }),
  });
};
// Every user's tree first, then the platforms that have their own.
// A message's content is an object: each tree's root is an object node.
const contentRoot = both(contentNode(0), (value) => (value as { kind: unknown }).kind === "object");
const channelContent = both(list(tuple(oneOf(["", ...PLATFORMS]), contentRoot)), (value) => (value as unknown[][]).length > 0 && (value as unknown[][])[0]![0] === "");

const scope = anyOf(object({ all: oneOf([true]) }), object({ channels: texts }), object({ channel: text }), object({ campaign: text }), object({ tag: text }), object({ placement: text }));
const capPolicy = object({
  caps: list(
    object({
      id: text,
      scope,
      limit: integer(1, MAX),
      window: variant("kind", { rolling: object({ milliseconds: positiveDuration }), calendar: object({ unit: oneOf(["day", "week", "month"]), weekStartsOn: integer(0, 6) }), session: anything, lifetime: anything }),
    }),
  ),
  cooldowns: list(object({ id: text, scope, milliseconds: positiveDuration })),
  // An empty (or all-day) quiet period would defer a message day after day: compile refuses from === to.
  quietHours: list(both(object({ id: text, channels: texts, from: minuteOfDay, to: minuteOfDay, action: oneOf(["defer", "drop"]) }), (value) => (value as { from: number }).from !== (value as { to: number }).to)),
});

const positive = number(Number.MIN_VALUE, Number.MAX_VALUE);
const channelPolicy = object({
  categories: entries(object({ channels, order: oneOf(["campaign", "category"]), strategy, onBlocked, inAppAlone: bool, legalBasis: channels, ignoreCaps: bool, ignoreQuietHours: bool, countsTowardCaps: bool, proofOfDelivery: bool })),
  surfaces: object(Object.fromEntries(IN_APP_FORMATS.map((name) => [name, list(oneOf(PLATFORMS))]))),
  priors: object(Object.fromEntries(CHANNELS.map((name) => [name, object({ alpha: positive, beta: positive })]))),
  defaultTimeZone: timeZone,
});

// Weights and version are not read to decide (the ranges are the allocation).
const experiment = both(
  object({ id: text, salt: text, active: bool, variantIds: texts, coverage: share, ranges: list(bucketRange), control: nullable(text), forced: entries(text), layer: nullable(object({ id: text, salt: text, range: bucketRange })) }),
  // An assigned range names its variant.
  (value) => (value as { ranges: unknown[] }).ranges.length === (value as { variantIds: unknown[] }).variantIds.length,
);

// The bounds the aggregation policy's schema sets (dedupe.windowDays ≤ 3,660, maxIds ≤ 100,000, maxFutureMs ≤ 366 days).
const aggregatePolicy = object({ events: entries(entries(integer(0, 6))), horizonDays, dedupeWindowMs: number(0, 3_660 * 86_400_000), maxIds: integer(0, 100_000), maxFutureMs: number(0, 366 * 86_400_000) });

/** A campaign, given the names it may refer to: the channel policy's categories, the segments' ids. */
function campaignShape(categories: ReadonlySet<unknown>, segmentIds: ReadonlySet<unknown>): Check {
  const segment: Check = (value) => segmentIds.has(value);
  // Days a local time may fall on: at least one (none would never come).
  const weekdays = both(list(integer(0, 6)), (value) => (value as unknown[]).length > 0);
  const segments = list(segment);
  const channelSettings = object({ id: text, category: (value) => categories.has(value), channels, format: optional(format), strategy, onBlocked, tags: optional(texts), placement: optional(text) });
  return object({
    id: text,
    status: oneOf(CAMPAIGN_STATUSES),
    priority: finite,
    category: text,
    tags: optional(texts),
    format: optional(format),
    placement: optional(text),
    dismissible: bool,
    trigger: variant("kind", {
      event: object({ event: text, delayMs: duration, cancelOn: texts }),
      "segment-entry": object({ segment }),
      inactivity: object({ event: text, forMs: positiveDuration }),
      scheduled: both(
        object({ at: nullable(instant), local: nullable(tuple(integer(0, 9999), integer(0, 11), integer(1, 31), integer(0, 23), integer(0, 59), integer(0, 59))) }),
        (value) => (value as { at: unknown }).at !== null || (value as { local: unknown }).local !== null,
      ),
    }),
    schedule: nullable(object({ start: nullable(instant), end: nullable(instant), days: nullable(list(integer(0, 6))), hours: nullable(object({ from: minuteOfDay, to: minuteOfDay })) })),
    audience: nullable(object({ include: segments, exclude: segments })),
    experiment: nullable(experiment),
    channel: channelSettings,
    caps: nullable(capPolicy),
    reEligibility: variant("kind", { always: anything, once: anything, after: object({ ms: positiveDuration }) }),
    content: entries(list(tuple(channel, channelContent))),
    holdoutExempt: bool,
    sendTime: nullable(
      object({
        withinMs: number(MIN_SEND_WINDOW_MS, MAX_SEND_WINDOW_MS),
        halfLifeMs: positiveDuration,
        prior: nullable(both(list(number(0, 1e9)), (value) => (value as number[]).length === HOURS_OF_WEEK && (value as number[]).some((weight) => weight > 0))),
        priorStrength: number(0, 1e6),
        epsilon: share,
        exploration: oneOf(["epsilon", "thompson"]),
      }),
    ),
  });
}

/** At most one of these fields is not null (`exactly`: one is). */
const oneNonNull =
  (fields: readonly string[], exactly: boolean): Check =>
  (value) => {
    const set = fields.filter((key) => (value as Record<string, unknown>)[key] !== null).length;
    return exactly ? set === 1 : set <= 1;
  };

/** A journey's IR: what `journeyStep` reads without checking (rules are compiled by the loader; an edge to no node ends the run; segments are the config's). */
function journeyShape(segmentIds: ReadonlySet<unknown>): Check {
  const segment: Check = (value) => segmentIds.has(value);
  // Days a local time may fall on: at least one (none would never come).
  const weekdays = both(list(integer(0, 6)), (value) => (value as unknown[]).length > 0);
  const splitPaths = list(object({ id: text, end: integer(1, 200_000), next: text }));
  const node = variant("type", {
    message: object({ id: text, content: record(anything), channels: nullable(channels), category: nullable(text), next: nullable(text) }),
    delay: both(
      object({
        id: text,
        forMs: nullable(positiveDuration),
        until: nullable(object({ minuteOfDay, weekdays: nullable(weekdays) })),
        at: nullable(object({ path: texts, offsetMs: number(-MAX_DURATION_MS, MAX_DURATION_MS), otherwise: nullable(text) })),
        next: text,
      }),
      oneNonNull(["forMs", "until", "at"], true),
    ),
    waitFor: both(object({ id: text, event: nullable(object({ event: text })), segment: nullable(segment), timeoutMs: positiveDuration, next: text, onTimeout: text }), oneNonNull(["event", "condition", "segment"], false)),
    branch: object({ id: text, branches: list(object({ next: text })), else: text }),
    // The paths' ends rise to the total: every hash point falls on a path.
    split: both(object({ id: text, paths: splitPaths, total: integer(1, 200_000), sticky: bool, bandit: bool }), (value) => {
      const { paths, total } = value as { paths: { end: number }[]; total: number };
      return paths.length > 0 && paths.every((path, index) => index === 0 || path.end > (paths[index - 1] as { end: number }).end) && paths[paths.length - 1]!.end === total;
    }),
    exit: object({ id: text }),
  });
  // Concurrent runs are keyed by the entry event: a journey entered otherwise has no key to read.
  const concurrentOnEvents: Check = (value) => (value as { reentry: { policy: string } }).reentry.policy !== "concurrent" || (value as { entry: { kind: string } }).entry.kind === "event";
  return both(
    object({
      id: text,
      entry: variant("kind", {
        event: object({ event: text }),
        segment: object({ segment }),
        scheduled: both(
          object({ at: nullable(instant), wall: nullable(instant), every: nullable(object({ minuteOfDay, weekdays: nullable(weekdays) })), windowMs: positiveDuration }),
          oneNonNull(["at", "wall", "every"], true),
        ),
      }),
      reentry: variant("policy", { never: anything, "after-exit": anything, cooldown: object({ cooldownMs: positiveDuration }), concurrent: object({ max: integer(1, MAX_RUNS), key: both(texts, (value) => (value as unknown[]).length > 1 && (value as unknown[])[0] === "event") }) }),
      goal: nullable(object({ event: text, windowMs: positiveDuration })),
      exits: list(object({ event: nullable(text) })),
      lateWake: object({ toleranceMs: positiveDuration, policy: oneOf(["send", "skip", "exit"]) }),
      start: text,
      nodes: list(node),
    }),
    concurrentOnEvents,
  );
}

/** The names a part of the prepared engine lists: `[name, …]` entries or `{ id }` objects (none when it is not a list). */
const namesIn = (list: unknown, name: (entry: unknown) => unknown): Set<unknown> => new Set(Array.isArray(list) ? list.map((entry) => (typeof entry === "object" && entry !== null ? name(entry) : undefined)) : []);

/**
 * Where a prepared engine (JSON, as `loadEngine` copied it) does not have the structure the engine
 * relies on: the JSON pointer of the first value that does not fit (under `/engine`), or null when
 * it fits. Rule sources are not looked at: the loader compiles them, which checks them.
 *
 * @example
 * preparedEngineProblem(prepareConfig(config).engine); // null
 * preparedEngineProblem({ ...prepareConfig(config).engine, timeZone: 7 }); // "/engine/timeZone"
 */
export function preparedEngineProblem(engine: unknown): string | null {
  const at: (string | number)[] = [];
  const { channelPolicy: policy, segments } = (engine ?? {}) as { channelPolicy?: { categories?: unknown }; segments?: { segments?: unknown } };
  const segmentIds = namesIn(segments?.segments, (segment) => (segment as { id: unknown }).id);
  const index = list(integer(0, (Array.isArray(segments?.segments) ? segments.segments.length : 0) - 1));
  const campaign = campaignShape(namesIn(policy?.categories, (entry) => (entry as unknown[])[0]), segmentIds);
  const shape = object({
    campaigns: list(campaign),
    segments: object({
      segments: list(object({ id: text, includes: index, excludes: index, clock: object({ behavioural: bool, unbounded: bool, windows: nullable(list(integer(1, 3_660))) }) })),
      order: index,
      horizonDays,
      behaviourPath: texts,
    }),
    horizonDays,
    holdout: nullable(object({ id: text, salt: text, share, bucketLimit: bucket })),
    arbitration: object({ maxPerEvent: optional(integer(1, MAX)), blockingFormats: list(format), maxBlockingPerEvent: count, placements: optional(record(count)) }),
    capPolicy,
    channelPolicy,
    timeZone,
    behaviour: nullable(aggregatePolicy),
    journeys: list(object({ journey: journeyShape(segmentIds), messages: entries(campaign), skipHeld: texts })),
  });
  return shape(engine, at) ? null : at.reverse().reduce<string>(childPointer, "/engine");
}
