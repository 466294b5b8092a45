/**
 * The segments model: validated segment definitions as JSON IR (rules as written, references as
 * indexes, dependency order and clock use already worked out: what `compileSegments` validates
 * definitions into, and what a prepared config stores), and `linkSegments`, the one place
 * `CompiledSegments` are built.
 */
import type { CompileOptions, CompiledRule } from "../../rules/compile-options.js";
import { compileRule } from "../../rules/compile-rule.js";
import type { ClockUse } from "./rule-clock-use.js";

/** One validated segment: its rule as written, and what validating worked out. */
export interface SegmentIR {
  readonly id: string;
  readonly name?: string;
  readonly rule: unknown;
  readonly includes: readonly number[];
  readonly excludes: readonly number[];
  readonly clock: ClockUse;
}

/** Validated segment definitions. */
export interface SegmentsIR {
  readonly segments: readonly SegmentIR[];
  readonly order: readonly number[];
  readonly horizonDays: number;
  readonly behaviourPath: readonly string[];
}

/** One validated, compiled segment. */
export interface CompiledSegment {
  readonly id: string;
  readonly name: string | undefined;
  /** The rule as written. */
  readonly source: unknown;
  readonly rule: CompiledRule;
  /** Indexes (in definition order) of the segments a member must be in / must not be in. */
  readonly includes: readonly number[];
  readonly excludes: readonly number[];
  /** This segment and every segment it depends on, dependencies first. */
  readonly closure: readonly number[];
  /** How its value depends on `now` (its own rule and its dependencies'). */
  readonly clock: ClockUse;
}

export interface CompiledSegments {
  readonly segments: readonly CompiledSegment[];
  readonly indexById: ReadonlyMap<string, number>;
  /** Every segment, dependencies first. */
  readonly order: readonly number[];
  /** The options the rules were compiled with (for explanations). */
  readonly ruleOptions: CompileOptions;
  readonly horizonDays: number;
  /** Where behavioural aggregates are in the profile's data. */
  readonly behaviourPath: readonly string[];
}

/**
 * The runnable segments of a validated IR, their rules compiled with `ruleOptions` (the behavioural
 * operators of `ir.horizonDays` and `ir.behaviourPath`, and whatever else they were validated with).
 * `compiled` holds rules already compiled while validating (by index), so that none is compiled twice.
 *
 * A segment's closure (itself and its dependencies, dependencies first) is built on first use:
 * building every closure up front cost O(n²) time and memory for a long chain of references (a
 * valid chain of 10,000 took seconds and most of a gigabyte).
 */
export function linkSegments(ir: SegmentsIR, ruleOptions: CompileOptions, compiled?: readonly CompiledRule[]): CompiledSegments {
  const parts = ir.segments;
  const dependencies = parts.map((part) => [...part.includes, ...part.excludes]);
  // Post-order depth-first search, dependencies first. Iterative with an explicit stack: a chain of
  // thousands of references (10,000 definitions are allowed) overflowed the call stack.
  const closureOf = (index: number): number[] => {
    const closure: number[] = [];
    const seen = new Set<number>([index]);
    const stack: { at: number; next: number }[] = [{ at: index, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { at: number; next: number };
      const edges = dependencies[frame.at] as number[];
      if (frame.next < edges.length) {
        const dependency = edges[frame.next++] as number;
        if (!seen.has(dependency)) {
          seen.add(dependency);
          stack.push({ at: dependency, next: 0 });
        }
      } else {
        stack.pop();
        closure.push(frame.at);
      }
    }
    return closure;
  };
  const segments = parts.map((part, index): CompiledSegment => {
    let closure: readonly number[] | undefined;
    return Object.freeze({
      id: part.id,
      name: part.name,
      source: part.rule,
      rule: compiled?.[index] ?? compileRule(part.rule, ruleOptions),
      includes: Object.freeze([...part.includes]),
      excludes: Object.freeze([...part.excludes]),
      get closure(): readonly number[] {
        return (closure ??= Object.freeze(closureOf(index)));
      },
      clock: Object.freeze({ behavioural: part.clock.behavioural, unbounded: part.clock.unbounded, windows: part.clock.windows === null ? null : Object.freeze([...part.clock.windows]) }),
    });
  });
  const indexById = new Map<string, number>();
  segments.forEach((segment, index) => indexById.set(segment.id, index));
  return Object.freeze({ segments: Object.freeze(segments), indexById, order: Object.freeze([...ir.order]), ruleOptions, horizonDays: ir.horizonDays, behaviourPath: Object.freeze([...ir.behaviourPath]) });
}
