import { truthy } from "../../rules/semantics/truthiness.js";
import type { CompiledSegments } from "../definitions/segments-model.js";
import { EVALUATION_DATA } from "../operators/behaviour-reader.js";

/**
 * The data segment rules see: the profile as `user`, the instant as `now` (epoch ms), and the
 * user's message history as `history` (null when none is given), which the message-history
 * operators (`received`, `clicked`, …) read.
 */
export interface SegmentRuleData {
  readonly user: unknown;
  readonly now: number;
  readonly history: unknown;
  readonly [EVALUATION_DATA]: object | true;
}

/** How a profile is evaluated: with the user's message history (`{ deliveries, engagement }`), for rules that read it. */
export interface SegmentEvaluationOptions {
  /** The user's message history (the engine's `EngineHistory`); without it, the message-history operators see none. */
  readonly history?: unknown;
}

/**
 * Fresh data for one evaluation of segments (marked so behavioural reads are shared by all of
 * them). `run` is shared by evaluations of the same profile within one call, at other instants.
 */
export function segmentRuleData(profile: unknown, now: number, run?: object, history?: unknown): SegmentRuleData {
  // `true`: a run of its own (the data itself), without an object to allocate per evaluation.
  return { user: profile, now, history: history ?? null, [EVALUATION_DATA]: run ?? true };
}

/**
 * Decides segments in dependency order into `member` (1 = member, by definition index). A segment
 * whose include / exclude already rules the profile out does not evaluate its rule.
 */
export function evaluateMembership(compiled: CompiledSegments, order: readonly number[], data: SegmentRuleData, member: Uint8Array): Uint8Array {
  const { segments } = compiled;
  for (let position = 0; position < order.length; position++) {
    const index = order[position] as number;
    const segment = segments[index];
    if (segment === undefined) continue;
    member[index] = isMemberGiven(segment.includes, segment.excludes, member) && truthy(segment.rule(data)) ? 1 : 0;
  }
  return member;
}

function isMemberGiven(includes: readonly number[], excludes: readonly number[], member: Uint8Array): boolean {
  for (let i = 0; i < includes.length; i++) if (member[includes[i] as number] !== 1) return false;
  for (let i = 0; i < excludes.length; i++) if (member[excludes[i] as number] === 1) return false;
  return true;
}
