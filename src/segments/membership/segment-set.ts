import type { CompiledSegments } from "../definitions/segments-model.js";
import { evaluateMembership, segmentRuleData, type SegmentEvaluationOptions } from "./evaluate-membership.js";
import { explainSegmentMembership, type MembershipExplanation } from "./explain-membership.js";
import { instantOf, type Instant } from "../../time/instant.js";
import { nextSegmentChange, type NextChangeOptions } from "./next-change-at.js";

/**
 * Compiled segments: membership of profiles at an instant. A profile is the user as the rules see
 * it (`{ user: profile, now, history }`): attributes, and behaviour aggregates at `behaviour`; the
 * user's message history comes with `options.history`. Immutable; every method is pure and never
 * throws on any profile or history (only on an unknown segment id or a bad `now`).
 */
export class SegmentSet {
  /** Segment ids in definition order. */
  readonly ids: readonly string[];
  readonly #compiled: CompiledSegments;
  readonly #everyIndex: readonly number[];

  constructor(compiled: CompiledSegments) {
    this.#compiled = compiled;
    this.ids = Object.freeze(compiled.segments.map((segment) => segment.id));
    this.#everyIndex = Object.freeze(this.ids.map((_, index) => index));
  }

  /** The ids of the segments the profile is in at `now`, in definition order. */
  segmentsOf(profile: unknown, now: Instant, options?: SegmentEvaluationOptions): string[] {
    const member = this.memberships(profile, now, options);
    const ids: string[] = [];
    for (let index = 0; index < member.length; index++) if (member[index] === 1) ids.push(this.ids[index] as string);
    return ids;
  }

  /** Membership of every segment as 0 / 1 by definition index (what batch evaluation counts from). */
  memberships(profile: unknown, now: Instant, options?: SegmentEvaluationOptions): Uint8Array {
    const compiled = this.#compiled;
    return evaluateMembership(compiled, compiled.order, segmentRuleData(profile, instantOf(now), undefined, options?.history), new Uint8Array(compiled.segments.length));
  }

  isMember(segmentId: string, profile: unknown, now: Instant, options?: SegmentEvaluationOptions): boolean {
    const index = this.#indexOf(segmentId);
    const compiled = this.#compiled;
    const closure = (compiled.segments[index] as { closure: readonly number[] }).closure;
    return evaluateMembership(compiled, closure, segmentRuleData(profile, instantOf(now), undefined, options?.history), new Uint8Array(compiled.segments.length))[index] === 1;
  }

  /** Why the profile is or is not in the segment: included / excluded segments and the failing clauses with their values. */
  explainMembership(segmentId: string, profile: unknown, now: Instant, options?: SegmentEvaluationOptions): MembershipExplanation {
    return explainSegmentMembership(this.#compiled, this.#indexOf(segmentId), segmentRuleData(profile, instantOf(now), undefined, options?.history));
  }

  /**
   * The earliest instant (epoch ms) after `now` at which membership in the segment(s) — all of them
   * when omitted — can change without any new event, or null when it never can. See docs/segments.md.
   */
  nextChangeAt(segmentIds: string | readonly string[] | undefined, profile: unknown, now: Instant, options?: NextChangeOptions): number | null {
    const indexes =
      segmentIds === undefined ? this.#everyIndex : typeof segmentIds === "string" ? [this.#indexOf(segmentIds)] : segmentIds.map((id) => this.#indexOf(id));
    return nextSegmentChange(this.#compiled, indexes, profile, instantOf(now), options);
  }

  #indexOf(segmentId: string): number {
    const index = this.#compiled.indexById.get(segmentId);
    if (index === undefined) throw new RangeError(`unknown segment ${JSON.stringify(segmentId)}`);
    return index;
  }
}
