import { z } from "../validation/csp-safe-zod.js";
import { DURATION_TEXT_PATTERN, MAX_DURATION_MS, parseDuration } from "./duration.js";

const DAY_MS = 86_400_000;

/**
 * A duration field of a config: milliseconds or text ("30m", "24h", "7d", "P1DT12H"), longer than 0
 * and at most MAX_DURATION_MS (730 days). `invalid` is the message for what is not a positive
 * duration; one too long is reported with the maximum. The JSON Schema says both.
 *
 * @example
 * durationSchema('must be a positive duration such as "7d"').safeParse("9999999999w").error?.issues[0]?.message;
 * // 'must be at most 730 days ("730d"), the longest duration a config accepts; got "9999999999w"'
 */
export function durationSchema(invalid: string) {
  return z
    .union([z.string().meta({ pattern: DURATION_TEXT_PATTERN }), z.number()])
    // A refinement with its own message: config problems quote it as the expected form (zod-issue-message).
    .refine((value) => {
      const parsed = parseDuration(value);
      return parsed.ok && parsed.milliseconds > 0;
    }, { message: invalid, abort: true })
    .superRefine((value, context) => {
      const parsed = parseDuration(value);
      if (parsed.ok && parsed.milliseconds > MAX_DURATION_MS) {
        context.addIssue({ code: "custom", message: `must be at most ${MAX_DURATION_MS / DAY_MS} days ("${MAX_DURATION_MS / DAY_MS}d"), the longest duration a config accepts; got ${JSON.stringify(value)}` });
      }
    })
    .meta({
      description: `A duration longer than 0 and at most ${MAX_DURATION_MS / DAY_MS} days: milliseconds, or text such as "30m", "24h", "7d", "1h30m", "P1DT12H" or "P2W" (no months or years).`,
      exclusiveMinimum: 0,
      maximum: MAX_DURATION_MS,
    });
}
