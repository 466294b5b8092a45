import { z } from "../../validation/csp-safe-zod.js";
import { isPlainObject } from "../../json/plain-object.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import { AggregatesError } from "./aggregates-error.js";
import { RESERVED_NAMES } from "./reserved-names.js";
import { isCompiledAggregatePolicy, linkAggregatePolicy, type AggregatePolicy, type AggregatePolicyIR } from "./aggregate-policy-model.js";

/** Decimal places kept for a numeric property: values are stored as exact integers of 10^-decimals. */
const propertySchema = z.strictObject({
  decimals: z.number().int().min(0).max(6).default(2),
});

const nameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .refine((name) => !RESERVED_NAMES.has(name), { message: "is reserved (it would reach Object.prototype)" });

/** A record read by own keys: zod's z.record silently drops a "__proto__" key. */
function ownKeyRecord<T extends z.ZodType>(valueSchema: T, what: string, maxKeys: number) {
  return z
    .custom<Record<string, unknown>>(isPlainObject, { message: `must be an object of ${what}` })
    .superRefine((record, context) => {
      const keys = Object.keys(record);
      if (keys.length > maxKeys) context.addIssue({ code: "custom", message: `at most ${maxKeys} ${what} are allowed, got ${keys.length}` });
      for (const key of keys) {
        const name = nameSchema.safeParse(key, EXPECTED_FORM_MESSAGES);
        if (!name.success) context.addIssue({ code: "custom", path: [key], message: `name ${JSON.stringify(key)} ${name.error.issues[0]?.message ?? "is invalid"}` });
        const value = valueSchema.safeParse(record[key], EXPECTED_FORM_MESSAGES);
        if (!value.success) for (const issue of value.error.issues) context.addIssue({ ...issue, code: "custom", path: [key, ...issue.path] } as never);
      }
    })
    .transform((record) => new Map(Object.keys(record).map((key) => [key, valueSchema.parse(record[key]) as z.output<T>])));
}

const trackedEventSchema = z.strictObject({
  properties: ownKeyRecord(propertySchema, "numeric properties", 16).optional(),
});

export const aggregatePolicySchema = z.strictObject({
  /** The events to aggregate, by name, with the numeric properties to sum / min / max per day. */
  events: ownKeyRecord(trackedEventSchema, "tracked events", 1_000),
  /** Days of daily buckets kept, counted back from each event's latest day (default 90). */
  horizonDays: z.number().int().min(1).max(3_660).default(90),
  dedupe: z
    .strictObject({
      /** Ids of events within this many days of the user's latest event are remembered (default 7). */
      windowDays: z.number().min(0).max(3_660).default(7),
      /** At most this many ids are remembered per user, the most recent first (default 1,000). */
      maxIds: z.number().int().min(0).max(100_000).default(1_000),
    })
    .default({ windowDays: 7, maxIds: 1_000 }),
  /** With `options.now`, events later than now + this many milliseconds are refused (default 1 day). */
  maxFutureMs: z.number().min(0).max(366 * 86_400_000).default(86_400_000),
});

export type AggregatePolicyInput = z.input<typeof aggregatePolicySchema>;

const compiledPolicies = new WeakMap<object, AggregatePolicy>();

/**
 * Validates an aggregation policy once (throws `AggregatesError` listing every problem with its
 * path). Already compiled policies are returned as they are; the same input object is compiled once.
 */
export function compileAggregatePolicy(input: AggregatePolicyInput | AggregatePolicy | unknown): AggregatePolicy {
  if (typeof input === "object" && input !== null) {
    if (isCompiledAggregatePolicy(input)) return input;
    const cached = compiledPolicies.get(input);
    if (cached !== undefined) return cached;
  }
  const policy = linkAggregatePolicy(aggregatePolicyIR(input));
  if (typeof input === "object" && input !== null) compiledPolicies.set(input, policy);
  return policy;
}

/** Validates an aggregation policy into its JSON IR (throws `AggregatesError` listing every problem with its path). */
export function aggregatePolicyIR(input: unknown): AggregatePolicyIR {
  const parsed = aggregatePolicySchema.safeParse(input, EXPECTED_FORM_MESSAGES);
  if (!parsed.success) throw new AggregatesError("aggregation policy", zodProblems(parsed.error));
  const value = parsed.data;
  return {
    events: [...value.events].map(([name, tracked]) => [name, [...(tracked.properties ?? [])].map(([property, declaration]) => [property, declaration.decimals] as const)]),
    horizonDays: value.horizonDays,
    dedupeWindowMs: value.dedupe.windowDays * 86_400_000,
    maxIds: value.dedupe.maxIds,
    maxFutureMs: value.maxFutureMs,
  };
}
