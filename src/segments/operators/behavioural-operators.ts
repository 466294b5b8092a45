import { z } from "../../validation/csp-safe-zod.js";
import type { CustomOperators } from "../../rules/custom-operators.js";
import { childPointer } from "../../json/json-pointer.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import { SegmentConfigError } from "../definitions/segment-config-error.js";
import { DEFAULT_BEHAVIOUR_PATH } from "./behaviour-reader.js";
import { behaviourContext, behaviouralOperatorTable } from "./behavioural-operator-table.js";
import { rfmModelSchema } from "./rfm-model-schema.js";
import { rfmOperators } from "./rfm-operators.js";
import { parseWindowDays } from "./window-days.js";

export const behaviouralOptionsSchema = z.strictObject({
  /** Retention horizon of the aggregates in days (the fold policy's horizonDays; default 90). */
  horizonDays: z.number().int().min(1).max(3_660).default(90),
  /** Path of the aggregates in the evaluated data (default ["user", "behaviour"]). */
  behaviourPath: z.array(z.string().min(1)).min(1).max(8).optional(),
  /** RFM models by name, for `rfm_score`. */
  rfm: z.record(z.string().min(1), rfmModelSchema).optional(),
});

export type BehaviouralOperatorOptions = z.input<typeof behaviouralOptionsSchema>;

/**
 * The behavioural operators, ready for `compileRule(rule, { operators })` in segments and triggers.
 * They read the user's aggregates (see `foldEvents`) at `user.behaviour` and the instant at `now`
 * in the evaluated data; their values change only at UTC midnight (see `nextChangeAt`).
 *
 * @throws SegmentConfigError when the options are invalid.
 */
export function behaviouralOperators(options: BehaviouralOperatorOptions = {}): CustomOperators {
  const parsed = behaviouralOptionsSchema.safeParse(options, EXPECTED_FORM_MESSAGES);
  if (!parsed.success) throw new SegmentConfigError("behavioural operator options", zodProblems(parsed.error));
  const { horizonDays, behaviourPath, rfm } = parsed.data;
  const models = new Map(Object.entries(rfm ?? {}));
  const problems = [...models].flatMap(([name, model]) => {
    const window = parseWindowDays(model.window, horizonDays);
    return window.ok ? [] : [{ path: childPointer(childPointer("/rfm", name), "window"), message: window.reason }];
  });
  if (problems.length > 0) throw new SegmentConfigError("behavioural operator options", problems);
  const context = behaviourContext(horizonDays, behaviourPath ?? DEFAULT_BEHAVIOUR_PATH);
  return Object.freeze({ ...behaviouralOperatorTable(context), ...rfmOperators(context, models) });
}

