import { z } from "../../validation/csp-safe-zod.js";
import { CHANNELS } from "../../channels/channel.js";
import { IN_APP_FORMATS } from "../../channels/surface.js";
import { durationSchema } from "../../time/duration-schema.js";

/** Journey, node, event, path and channel ids: bounded, never a prototype key. */
export const journeyIdentifier = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .refine((id) => id !== "__proto__" && id !== "constructor" && id !== "prototype", { message: "is reserved (it would reach Object.prototype)" });

/** A wait of a journey: longer than 0, at most two years (730 days). */
const waitSchema = durationSchema('must be a duration from 1 ms to 730 days, such as "2d"');

/** "HH:MM", 00:00–23:59. */
const clockTimeSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM" (00:00–23:59)');

const nextSchema = journeyIdentifier;

/**
 * Sends a message: the step's content and the channels it may go on, in order of preference. Without
 * `next`, the journey ends after it. `journeyStep` passes the content through as given; in an engine
 * config the step is a campaign-like message (content per channel, as a campaign's, with templates),
 * and the engine reads the campaign fields below too.
 */
export const messageNodeSchema = z.strictObject({
  type: z.literal("message"),
  /** What the caller delivers (title, body, …); in an engine config, per channel: `{ push: { title, body } }`. */
  content: z.record(z.string(), z.unknown()),
  /** nudgekit's channels (an unknown one is an error at its pointer); the engine requires them. */
  channels: z.array(z.enum(CHANNELS)).min(1).max(10).optional(),
  /** The engine's message category (its channel policy, caps, quiet hours); default `onboarding` in an engine. */
  category: journeyIdentifier.optional(),
  /** Engine: the in-app surface, when `in_app` is listed. */
  format: z.enum(IN_APP_FORMATS).optional(),
  /** Engine: the in-app slot, matched by cap scopes `{ placement }`. */
  placement: journeyIdentifier.optional(),
  /** Engine: can the in-app message be closed (default true). */
  dismissible: z.boolean().optional(),
  /** Engine: arbitration against campaigns and other journeys in the same call (higher wins; default 0). */
  priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  /** Engine: message types, matched by cap scopes `{ tag }`. */
  tags: z.array(journeyIdentifier).max(64).optional(),
  /**
   * Engine: a message that caps or quiet hours hold back `wait`s for the next allowed instant (it is
   * sent deferred), or is `skip`ped (another listed channel is tried; with none, nothing is sent and
   * the journey goes on). Default: the category's `onBlocked`.
   */
  onHeld: z.enum(["wait", "skip"]).optional(),
  next: nextSchema.optional(),
});

/** A dotted path into `{ user, event, journey }` (e.g. `user.trial_ends_at`), as JSON Logic's `var` reads it. */
const timePathSchema = z.string().min(1).max(256).regex(/^(?:user|event|journey)(?:\.[^.]+)+$/, 'must be a path into user, event or journey, such as "user.trial_ends_at"');

/**
 * Waits `for` a duration; `until` the next local time of day (on one of `weekdays`, 0 = Sunday) in
 * the user's zone; or until the instant at `at.path` (epoch ms or ISO 8601), shifted `before` or
 * `after` it. Without such an instant the run goes to `at.otherwise`, or leaves.
 */
export const delayNodeSchema = z
  .strictObject({
    type: z.literal("delay"),
    for: waitSchema.optional(),
    until: z.strictObject({ time: clockTimeSchema, weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional() }).optional(),
    at: z.strictObject({ path: timePathSchema, before: waitSchema.optional(), after: waitSchema.optional(), otherwise: nextSchema.optional() }).refine((at) => at.before === undefined || at.after === undefined, { message: "takes before or after, not both" }).optional(),
    next: nextSchema,
  })
  .refine((node) => [node.for, node.until, node.at].filter((way) => way !== undefined).length === 1, { message: "a delay needs exactly one of for, until and at" });

/**
 * Waits up to `timeout` for the user's `event` (where `where` holds), for `condition` (JSON Logic on
 * `{ event, user, now, journey }`, checked on arrival and on every input) to hold, or for the user to
 * be in `segment`: then `next`, else `onTimeout`.
 */
export const waitForNodeSchema = z
  .strictObject({
    type: z.literal("waitFor"),
    event: journeyIdentifier.optional(),
    where: z.unknown().optional(),
    condition: z.unknown().optional(),
    /** A segment the user is in (the input's `segments`; in an engine, the config's segment): checked on arrival and on every input. */
    segment: journeyIdentifier.optional(),
    timeout: waitSchema,
    next: nextSchema,
    onTimeout: nextSchema,
  })
  .refine((node) => [node.event, node.condition, node.segment].filter((way) => way !== undefined).length === 1, { message: "a waitFor needs exactly one of event, condition and segment" })
  .refine((node) => node.where === undefined || node.event !== undefined, { message: "where goes with event (a condition is its own rule)" });

/** The first branch whose `when` (JSON Logic) holds, else `else`. */
export const branchNodeSchema = z.strictObject({
  type: z.literal("branch"),
  branches: z.array(z.strictObject({ when: z.unknown(), next: nextSchema })).min(1).max(20),
  else: nextSchema,
});

/** A deterministic hashed split of users among paths by weight; `sticky` (default): a user takes the same path at every entry. */
export const splitNodeSchema = z
  .strictObject({
    type: z.literal("split"),
    paths: z.array(z.strictObject({ id: journeyIdentifier, weight: z.number().int().min(1).max(10_000), next: nextSchema })).min(2).max(20),
    sticky: z.boolean().default(true),
    /**
     * Weigh the paths by the shares the caller passes (`input.splitShares[<node id>]`, such as
     * `banditAllocation(...).shares` from `nudgekit/experiments` over the path ids: a Thompson-sampling
     * bandit) instead of `weight`; without them, by weight. The same hash point picks the path, so a
     * user moves only when the shares move past it.
     */
    bandit: z.boolean().default(false),
  })
  .superRefine((node, context) => {
    const seen = new Set<string>();
    node.paths.forEach((path, index) => {
      if (seen.has(path.id)) context.addIssue({ code: "custom", path: ["paths", index, "id"], message: `duplicates the path id ${JSON.stringify(path.id)}` });
      seen.add(path.id);
    });
  });

export const exitNodeSchema = z.strictObject({ type: z.literal("exit") });

export const journeyNodeSchema = z.discriminatedUnion("type", [messageNodeSchema, delayNodeSchema, waitForNodeSchema, branchNodeSchema, splitNodeSchema, exitNodeSchema], { error: 'must be a node: type "message", "delay", "waitFor", "branch", "split" or "exit"' });

/** An event of the user's, where a JSON Logic condition holds on `{ event, user, now, journey }`. */
const eventConditionSchema = z.strictObject({ event: journeyIdentifier, where: z.unknown().optional() });

/** A date-time: with an offset, one instant; without, a wall-clock time in each user's zone ("2027-01-04T09:00"). */
export const scheduledAtSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/, { message: "must be an ISO 8601 date-time, with an offset (one instant) or without (each user's local time)" });

/**
 * A scheduled entry: once `at` a date-time, or at every local `time` (on `weekdays`, 0 = Sunday;
 * default every day) in the user's zone. A user enters at the first input (an event, or a wake-up at
 * the `wakeAt` the step returned) within `window` of an occurrence; an occurrence during a run, or
 * before the latest exit, is not an entry.
 */
const scheduledEntrySchema = z
  .strictObject({
    at: scheduledAtSchema.optional(),
    time: clockTimeSchema.optional(),
    weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
    window: waitSchema.default("1d"),
  })
  .refine((schedule) => (schedule.at === undefined) !== (schedule.time === undefined), { message: "a schedule needs exactly one of at (once) and time (every day, or on weekdays)" })
  .refine((schedule) => schedule.weekdays === undefined || schedule.time !== undefined, { message: "weekdays go with time" });

/**
 * How users enter: on their `event` (where `where` holds); on `segmentEntry`, when they come into a
 * segment (they were not in it at the journey's previous input, or it is the journey's first); or
 * `scheduled`.
 */
const entrySchema = z
  .strictObject({ event: journeyIdentifier.optional(), where: z.unknown().optional(), segmentEntry: journeyIdentifier.optional(), scheduled: scheduledEntrySchema.optional() })
  .refine((entry) => [entry.event, entry.segmentEntry, entry.scheduled].filter((way) => way !== undefined).length === 1, { message: "an entry needs exactly one of event, segmentEntry and scheduled" })
  .refine((entry) => entry.where === undefined || entry.event !== undefined, { message: "where goes with event (use the audience for who may enter)" });

/** A dotted path into `{ event }` whose value keys a concurrent run (e.g. `event.properties.cart_id`). */
const keyPathSchema = z.string().min(1).max(256).regex(/^event(?:\.[^.]+)+$/, 'must be a path into the entry event, such as "event.properties.cart_id"');

/**
 * A multi-step series: users enter on an event, go through the nodes from `start`, and leave at an
 * exit node, the end of a message without `next`, an exit rule, or the goal.
 */
export const journeySchema = z.strictObject({
  id: journeyIdentifier,
  entry: entrySchema,
  /** JSON Logic on `{ user, now }`: who may enter. */
  audience: z.unknown().optional(),
  /** Whether a user who was in the journey may enter again. Default `{ policy: "never" }`. */
  reentry: z
    .discriminatedUnion("policy", [
      z.strictObject({ policy: z.literal("never") }),
      z.strictObject({ policy: z.literal("after-exit") }),
      z.strictObject({ policy: z.literal("cooldown"), cooldown: waitSchema }),
      /** Up to `max` runs at once, one per value at `key` of the entry event (an abandoned cart per cart id); a key enters again once its run ended. */
      z.strictObject({ policy: z.literal("concurrent"), max: z.number().int().min(1).max(20), key: keyPathSchema }),
    ])
    .default({ policy: "never" }),
  /** The conversion the journey is for: the run ends when it happens within `window` of the entry. */
  goal: z.strictObject({ event: journeyIdentifier, where: z.unknown().optional(), window: waitSchema }).optional(),
  /**
   * Leave when the user does `event` (where `where` holds), or as soon as `where` alone holds on any
   * input. A rule that holds at entry keeps the user out.
   */
  exits: z
    .array(z.strictObject({ event: journeyIdentifier.optional(), where: z.unknown().optional() }).refine((rule) => rule.event !== undefined || rule.where !== undefined, { message: "an exit rule needs an event or a where" }))
    .max(50)
    .default([]),
  /** A message reached more than `tolerance` after it was due (the caller called late): `send` it anyway, `skip` it, or `exit`. */
  lateWake: z.strictObject({ tolerance: waitSchema.default("1h"), policy: z.enum(["send", "skip", "exit"]).default("send") }).default({ tolerance: "1h", policy: "send" }),
  start: journeyIdentifier,
  nodes: z.record(journeyIdentifier, journeyNodeSchema).refine((nodes) => Object.keys(nodes).length <= 200, { message: "a journey has at most 200 nodes" }),
});

export type JourneyInput = z.input<typeof journeySchema>;
export type JourneyDefinition = z.output<typeof journeySchema>;
export type JourneyNodeDefinition = z.output<typeof journeyNodeSchema>;
