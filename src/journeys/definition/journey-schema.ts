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
 * Waits up to `timeout` for the user's `event` (where `where` holds), or for `condition` (JSON
 * Logic on `{ event, user, now, journey }`, checked on arrival and on every input) to hold: then
 * `next`, else `onTimeout`.
 */
export const waitForNodeSchema = z
  .strictObject({
    type: z.literal("waitFor"),
    event: journeyIdentifier.optional(),
    where: z.unknown().optional(),
    condition: z.unknown().optional(),
    timeout: waitSchema,
    next: nextSchema,
    onTimeout: nextSchema,
  })
  .refine((node) => (node.event === undefined) !== (node.condition === undefined), { message: "a waitFor needs exactly one of event and condition" })
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

/**
 * A multi-step series: users enter on an event, go through the nodes from `start`, and leave at an
 * exit node, the end of a message without `next`, an exit rule, or the goal.
 */
export const journeySchema = z.strictObject({
  id: journeyIdentifier,
  entry: eventConditionSchema,
  /** JSON Logic on `{ user, now }`: who may enter. */
  audience: z.unknown().optional(),
  /** Whether a user who was in the journey may enter again. Default `{ policy: "never" }`. */
  reentry: z
    .discriminatedUnion("policy", [
      z.strictObject({ policy: z.literal("never") }),
      z.strictObject({ policy: z.literal("after-exit") }),
      z.strictObject({ policy: z.literal("cooldown"), cooldown: waitSchema }),
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
