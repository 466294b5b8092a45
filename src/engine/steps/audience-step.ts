import { truthy } from "../../rules/semantics/truthiness.js";
import type { CompiledAudience } from "../model/compiled-campaign.js";
import { passed, refused, type StepResult } from "./step-verdict.js";

/** Step 3: segment membership (include all, exclude any) and the audience's own condition. */
export function audienceStep(audience: CompiledAudience | null, isMember: (segment: string) => boolean, data: unknown): StepResult {
  if (audience === null) return passed("everyone");
  for (const segment of audience.include) if (!isMember(segment)) return refused("not-in-segment", `not in segment ${segment}`);
  for (const segment of audience.exclude) if (isMember(segment)) return refused("excluded-segment", `in excluded segment ${segment}`);
  if (audience.where !== null && !truthy(audience.where(data))) return refused("condition-false", "the audience condition does not hold");
  const parts = [audience.include.length > 0 ? `in ${audience.include.join(", ")}` : "", audience.exclude.length > 0 ? `not in ${audience.exclude.join(", ")}` : "", audience.where !== null ? "condition holds" : ""];
  return passed(parts.filter((part) => part !== "").join("; ") || "everyone");
}
