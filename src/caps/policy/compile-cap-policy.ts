import { clockMinutes } from "../../time/clock-time.js";
import { validatedDuration } from "../../time/duration.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import { CapPolicyError } from "./cap-policy-error.js";
import { capPolicySchema, type CapPolicyInput } from "./cap-policy-schema.js";
import { capPolicyBrand, linkCapPolicy, type CapPolicy, type CapPolicyIR } from "./cap-policy-model.js";

const compiled = new WeakMap<object, CapPolicy>();

/**
 * Validates a cap policy once (throws `CapPolicyError` listing every problem with its path).
 * Compiled policies are returned as they are; the same input object is compiled once.
 */
export function compileCapPolicy(input: CapPolicyInput | CapPolicy | unknown): CapPolicy {
  if (typeof input === "object" && input !== null) {
    if ((input as { [capPolicyBrand]?: true })[capPolicyBrand] === true) return input as CapPolicy;
    const cached = compiled.get(input);
    if (cached !== undefined) return cached;
  }
  const policy = linkCapPolicy(capPolicyIR(input));
  if (typeof input === "object" && input !== null) compiled.set(input, policy);
  return policy;
}

/**
 * Validates a cap policy into its JSON IR (throws `CapPolicyError` listing every problem with its
 * path): what a prepared config stores, and what `linkCapPolicy` makes runnable.
 */
export function capPolicyIR(input: unknown): CapPolicyIR {
  const parsed = capPolicySchema.safeParse(input, EXPECTED_FORM_MESSAGES);
  if (!parsed.success) throw new CapPolicyError(zodProblems(parsed.error));
  const problems = parsed.data.quietHours.flatMap((quiet, index) =>
    quiet.from === quiet.to ? [{ path: `/quietHours/${index}/to`, message: "must differ from `from` (an empty or all-day quiet period)" }] : [],
  );
  if (problems.length > 0) throw new CapPolicyError(problems);
  return {
    caps: parsed.data.caps.map((cap) => ({
      id: cap.id,
      scope: cap.scope,
      limit: cap.limit,
      window:
        "rolling" in cap.window
          ? { kind: "rolling" as const, milliseconds: validatedDuration(cap.window.rolling) }
          : "calendar" in cap.window
            ? { kind: "calendar" as const, unit: cap.window.calendar, weekStartsOn: cap.window.weekStartsOn ?? 1 }
            : "session" in cap.window
              ? { kind: "session" as const }
              : { kind: "lifetime" as const },
    })),
    cooldowns: parsed.data.cooldowns.map((cooldown) => ({ id: cooldown.id, scope: cooldown.scope, milliseconds: validatedDuration(cooldown.interval) })),
    quietHours: parsed.data.quietHours.map((quiet) => ({ id: quiet.id, channels: quiet.channels, from: clockMinutes(quiet.from), to: clockMinutes(quiet.to), action: quiet.action })),
  };
}
