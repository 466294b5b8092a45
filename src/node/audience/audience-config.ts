import { ConfigError } from "../../engine/config-error.js";
import { isPlainObject } from "../../json/plain-object.js";
import { compileAggregatePolicy } from "../../segments/aggregates/aggregate-policy.js";
import type { AggregatePolicy } from "../../segments/aggregates/aggregate-policy-model.js";
import { AggregatesError } from "../../segments/aggregates/aggregates-error.js";
import { SegmentConfigError } from "../../segments/definitions/segment-config-error.js";
import type { SegmentDefinition } from "../../segments/definitions/segment-schema.js";
import { compileSegments } from "../../segments/membership/compile-segment-set.js";
import type { LocatedProblem } from "../../validation/located-problems.js";

/** What `nudgekit audience` reads from an engine config: its segments and its aggregation policy. */
export interface AudienceConfig {
  /** The segment definitions, checked as `compileSegments` checks them. */
  readonly segments: readonly SegmentDefinition[];
  /** The config's `behaviour` (none tracked when it has none: every behavioural value is that of no event). */
  readonly policy: AggregatePolicy;
}

const prefixed = (problems: readonly LocatedProblem[], prefix: string): LocatedProblem[] => problems.map((problem) => ({ path: `${prefix}${problem.path}`, message: problem.message }));

/**
 * The segments and the aggregation policy of an engine config, each checked as the engine checks
 * it (`compileSegments`, `compileAggregatePolicy`); the other sections are not read. Every problem
 * is listed at once, located in the config (`/segments/2/include/0`, `/behaviour/horizonDays`).
 *
 * @throws ConfigError
 * @example
 * audienceConfig({ behaviour: { events: { purchase: {} } }, segments: [{ id: "buyers", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 1] } }], campaigns: [] }).segments.length;
 * // 1
 * audienceConfig({ campaigns: [] });
 * // throws ConfigError: "invalid engine config: the config has no segments: nothing to compute at /segments"
 */
export function audienceConfig(config: unknown): AudienceConfig {
  if (!isPlainObject(config)) throw new ConfigError([{ path: "", message: "an engine config must be a JSON object" }]);
  const problems: LocatedProblem[] = [];
  let policy = compileAggregatePolicy({ events: {} });
  if (Object.hasOwn(config, "behaviour") && config.behaviour !== undefined) {
    try {
      policy = compileAggregatePolicy(config.behaviour);
    } catch (error) {
      if (!(error instanceof AggregatesError)) throw error;
      problems.push(...prefixed(error.problems, "/behaviour"));
    }
  }
  const raw = Object.hasOwn(config, "segments") ? config.segments : undefined;
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) problems.push({ path: "/segments", message: "the config has no segments: nothing to compute" });
  else {
    try {
      compileSegments(raw, { horizonDays: policy.horizonDays });
    } catch (error) {
      if (!(error instanceof SegmentConfigError)) throw error;
      problems.push(...prefixed(error.problems, "/segments"));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { segments: raw as SegmentDefinition[], policy };
}
