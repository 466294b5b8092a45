/**
 * Compiled segment definitions as plain JSON and back: what `prepareConfig` stores for a browser
 * (rules as written, references as indexes, dependency order and clock use already worked out),
 * and the one place `CompiledSegments` are assembled.
 */
import type { CompileOptions, CompiledRule } from "../../rules/compile-options.js";
import { compileRule } from "../../rules/compile-rule.js";
import { behaviourContext, behaviouralOperatorTable } from "../operators/behavioural-operator-table.js";
import type { CompiledSegment, CompiledSegments } from "./compile-segments.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import type { ClockUse } from "./rule-clock-use.js";
import type { RuleBackend } from "../../rules/compiler/rule-backend.js";

/** One validated segment: its rule as written, and what compiling worked out. */
export interface SegmentData {
  readonly id: string;
  readonly name?: string;
  readonly rule: unknown;
  readonly includes: readonly number[];
  readonly excludes: readonly number[];
  readonly clock: ClockUse;
}

/** Segments compiled with the behavioural operators alone (no extra operators or limits): the engine's. */
export interface SegmentsData {
  readonly segments: readonly SegmentData[];
  readonly order: readonly number[];
  readonly horizonDays: number;
  readonly behaviourPath: readonly string[];
}

/** A segment before assembly: its data and its compiled rule. */
export interface SegmentPart extends SegmentData {
  readonly compiled: CompiledRule;
}

export function segmentsToData(compiled: CompiledSegments): SegmentsData {
  return {
    segments: compiled.segments.map(({ id, name, source, includes, excludes, clock }) => ({ id, ...(name === undefined ? {} : { name }), rule: source, includes, excludes, clock })),
    order: compiled.order,
    horizonDays: compiled.horizonDays,
    behaviourPath: compiled.behaviourPath,
  };
}

/** Compiles every rule again (they were validated when the data was made) and assembles the set. */
export function segmentsFromData(data: SegmentsData, timeZones?: TimeZoneProvider, backend?: RuleBackend): CompiledSegments {
  const ruleOptions: CompileOptions = {
    operators: behaviouralOperatorTable(behaviourContext(data.horizonDays, data.behaviourPath)),
    ...(timeZones === undefined ? {} : { timeZones }),
    ...(backend === undefined ? {} : { backend }),
  };
  const parts = data.segments.map((segment) => ({ ...segment, compiled: compileRule(segment.rule, ruleOptions) }));
  return assembleSegments(parts, data.order, ruleOptions, data.horizonDays, data.behaviourPath);
}

/**
 * The compiled set. A segment's closure (itself and its dependencies, dependencies first) is built
 * on first use: building every closure up front cost O(n²) time and memory for a long chain of
 * references (a valid chain of 10,000 took seconds and most of a gigabyte).
 */
export function assembleSegments(parts: readonly SegmentPart[], order: readonly number[], ruleOptions: CompileOptions, horizonDays: number, behaviourPath: readonly string[]): CompiledSegments {
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
      rule: part.compiled,
      includes: Object.freeze([...part.includes]),
      excludes: Object.freeze([...part.excludes]),
      get closure(): readonly number[] {
        return (closure ??= Object.freeze(closureOf(index)));
      },
      clock: Object.freeze({ behavioural: part.clock.behavioural, unbounded: part.clock.unbounded }),
    });
  });
  const indexById = new Map<string, number>();
  segments.forEach((segment, index) => indexById.set(segment.id, index));
  return Object.freeze({ segments: Object.freeze(segments), indexById, order: Object.freeze([...order]), ruleOptions, horizonDays, behaviourPath: Object.freeze([...behaviourPath]) });
}
