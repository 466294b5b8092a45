import { z } from "../../validation/csp-safe-zod.js";
import { durationSchema } from "../../time/duration-schema.js";

const name = z.string().min(1).max(128);
/** At most 730 days (MAX_DURATION_MS): a longer window or cooldown is a mistake, and would reach past the Date range. */
const duration = durationSchema('must be a positive duration such as "30s", "24h", "7d" or "P365D"');

/** Which messages a rule counts and applies to. */
export const capScopeSchema = z.union([
  z.strictObject({ all: z.literal(true) }),
  /** One ledger for several channels, e.g. in-app and push sharing a contact-pressure budget. */
  z.strictObject({ channels: z.array(name).min(1).max(16) }),
  z.strictObject({ channel: name }),
  z.strictObject({ campaign: name }),
  z.strictObject({ tag: name }),
  z.strictObject({ placement: name }),
]);

export const capWindowSchema = z.union([
  /** The last `rolling` milliseconds, e.g. "24h" or "365d". */
  z.strictObject({ rolling: duration }),
  /** The current calendar day / week / month in the user's time zone (weeks start on `weekStartsOn`, 0 = Sunday; default 1). */
  z.strictObject({ calendar: z.enum(["day", "week", "month"]), weekStartsOn: z.number().int().min(0).max(6).optional() }),
  /** The candidate's session (in-app). */
  z.strictObject({ session: z.literal(true) }),
  /** Ever: "show once". */
  z.strictObject({ lifetime: z.literal(true) }),
]);

export const capRuleSchema = z.strictObject({
  id: name,
  scope: capScopeSchema,
  /** At most this many counted messages in the window. */
  limit: z.number().int().min(1).max(1_000_000),
  window: capWindowSchema,
});

export const cooldownSchema = z.strictObject({
  id: name,
  scope: capScopeSchema,
  /** Minimum time between two messages in the scope (a campaign scope: re-eligibility after a delay). */
  interval: duration,
});

const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time "HH:MM"' });

export const quietHoursSchema = z.strictObject({
  id: name,
  /** Channels it applies to; in-app is exempt unless listed. */
  channels: z.array(name).min(1).max(16),
  /** Local wall-clock start and end; a start after the end spans midnight (21:00–08:00). */
  from: clock,
  to: clock,
  /** `defer` to the first allowed instant, or `drop`. */
  action: z.enum(["defer", "drop"]).default("defer"),
});

export const capPolicySchema = z.strictObject({
  caps: z.array(capRuleSchema).max(1_000).default([]),
  cooldowns: z.array(cooldownSchema).max(1_000).default([]),
  quietHours: z.array(quietHoursSchema).max(100).default([]),
});

export type CapPolicyInput = z.input<typeof capPolicySchema>;
export type CapScope = z.output<typeof capScopeSchema>;
export type CapWindow = z.output<typeof capWindowSchema>;
