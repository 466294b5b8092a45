import { explainRule, type ExplainNode } from "../../rules/explain-rule.js";
import type { RuleEvaluationError } from "../../rules/rule-error.js";
import { truthy } from "../../rules/semantics/truthiness.js";
import type { CompiledSegments } from "../definitions/segments-model.js";
import { evaluateMembership, type SegmentRuleData } from "./evaluate-membership.js";
import { failedClauses, type FailedClause } from "./failed-clauses.js";

export type MembershipReason = "member" | "rule-not-met" | "not-in-included-segment" | "in-excluded-segment";

export interface MembershipExplanation {
  readonly segmentId: string;
  readonly member: boolean;
  /** The first reason it is not a member (included segments, then excluded, then its rule). */
  readonly reason: MembershipReason;
  /** Each included segment and whether the profile is in it. */
  readonly include: readonly { readonly segmentId: string; readonly member: boolean }[];
  readonly exclude: readonly { readonly segmentId: string; readonly member: boolean }[];
  /** The segment's own rule, always evaluated, with every node's value. */
  readonly rule: {
    readonly matched: boolean;
    readonly result: unknown;
    /** The clauses that made it fail, with their operands' values; empty when it matched. */
    readonly failed: readonly FailedClause[];
    readonly root: ExplainNode;
    readonly error?: RuleEvaluationError;
  };
}

/** Explains one segment's membership for a profile at an instant. */
export function explainSegmentMembership(compiled: CompiledSegments, index: number, data: SegmentRuleData): MembershipExplanation {
  const segment = compiled.segments[index];
  if (segment === undefined) throw new RangeError(`no segment at index ${index}`);
  const member = evaluateMembership(compiled, segment.closure, data, new Uint8Array(compiled.segments.length));
  const idOf = (at: number): string => (compiled.segments[at] as { id: string }).id;
  const include = segment.includes.map((at) => ({ segmentId: idOf(at), member: member[at] === 1 }));
  const exclude = segment.excludes.map((at) => ({ segmentId: idOf(at), member: member[at] === 1 }));
  const explained = explainRule(segment.source, data, compiled.ruleOptions);
  const matched = truthy(explained.result);
  const reason: MembershipReason = include.some((entry) => !entry.member)
    ? "not-in-included-segment"
    : exclude.some((entry) => entry.member)
      ? "in-excluded-segment"
      : matched
        ? "member"
        : "rule-not-met";
  return {
    segmentId: segment.id,
    member: reason === "member",
    reason,
    include,
    exclude,
    rule: {
      matched,
      result: explained.result,
      failed: matched ? [] : failedClauses(explained.root),
      root: explained.root,
      ...(explained.error === undefined ? {} : { error: explained.error }),
    },
  };
}
