import type { CompileOptions, CompiledRule } from "../../rules/compile-options.js";
import { compileRule } from "../../rules/compile-rule.js";
import type { CustomOperators } from "../../rules/custom-operators.js";
import { childPointer } from "../../json/json-pointer.js";
import type { RuleLimits } from "../../rules/limits.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { RuleError } from "../../rules/rule-error.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import { behaviouralOperators, behaviouralOptionsSchema, type BehaviouralOperatorOptions } from "../operators/behavioural-operators.js";
import { DEFAULT_BEHAVIOUR_PATH } from "../operators/behaviour-reader.js";
import { ruleClockUse, windowsThrough, type ClockUse } from "./rule-clock-use.js";
import { SegmentConfigError } from "./segment-config-error.js";
import { linkSegments, type CompiledSegments, type SegmentsIR } from "./segments-model.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import { segmentDefinitionsSchema } from "./segment-schema.js";
import { ruleBackendOption, type RuleBackend } from "../../rules/compiler/rule-backend.js";

export interface SegmentSetOptions extends BehaviouralOperatorOptions {
  /** More operators for the segment rules (they cannot shadow built-in or behavioural ones). */
  readonly operators?: CustomOperators;
  readonly limits?: Partial<RuleLimits>;
  /** Where `local_hour` and `local_day_of_week` get zone offsets (default `intlTimeZones`; see nudgekit/time-zones). */
  readonly timeZones?: TimeZoneProvider;
  /** How the rules run: closures (default) or `codegenBackend` from nudgekit/rules/codegen (same results). */
  readonly backend?: RuleBackend | "closures";
}

/** Segment definitions validated into their IR, with the options and the rules compiled on the way (by index). */
export interface ValidatedSegments {
  readonly ir: SegmentsIR;
  readonly ruleOptions: CompileOptions;
  readonly rules: readonly CompiledRule[];
}

/**
 * Validates segment definitions once and compiles every rule: duplicate ids, unknown or
 * self-references in include / exclude, cycles (named, e.g. `a → b → a`) and rule errors are all
 * reported at once, each with its JSON pointer.
 *
 * @throws SegmentConfigError
 */
export function compileSegmentDefinitions(definitions: unknown, options: SegmentSetOptions = {}): CompiledSegments {
  const { ir, ruleOptions, rules } = validateSegmentDefinitions(definitions, options);
  return linkSegments(ir, ruleOptions, rules);
}

/**
 * Validates segment definitions into their IR (see `compileSegmentDefinitions` for what is checked;
 * throws `SegmentConfigError`). Rules are compiled to be checked, and those compiled rules are kept
 * for `linkSegments`. `behaviouralTable` replaces `behaviouralOperators(options)` when the rules
 * must compile with exactly the operators they will be linked with (an engine's: no `rfm_score`,
 * since an engine config has no RFM models).
 */
export function validateSegmentDefinitions(definitions: unknown, options: SegmentSetOptions = {}, behaviouralTable?: CustomOperators): ValidatedSegments {
  const { operators: extraOperators, limits, timeZones, backend, ...behaviouralOptions } = options;
  // Validate the options first: behaviouralOperators reports a bad horizonDays as a
  // SegmentConfigError, where parsing it here first threw a bare ZodError.
  const behavioural = behaviouralTable ?? behaviouralOperators(behaviouralOptions);
  const horizonDays = behaviouralOptionsSchema.parse({ horizonDays: behaviouralOptions.horizonDays }).horizonDays;
  for (const name of Object.keys(extraOperators ?? {})) {
    if (Object.hasOwn(behavioural, name)) throw new SegmentConfigError("segment options", [{ path: childPointer("/operators", name), message: `"${name}" is a behavioural operator and cannot be replaced` }]);
  }
  const ruleOptions: CompileOptions = {
    operators: { ...behavioural, ...extraOperators },
    ...(limits === undefined ? {} : { limits }),
    ...(timeZones === undefined ? {} : { timeZones: timeZoneProviderOption(timeZones) }),
    ...(backend === undefined ? {} : { backend: ruleBackendOption(backend) as RuleBackend }),
  };

  const parsed = segmentDefinitionsSchema.safeParse(definitions, EXPECTED_FORM_MESSAGES);
  if (!parsed.success) throw new SegmentConfigError("segment definitions", zodProblems(parsed.error));
  const list = parsed.data;
  const problems: LocatedProblem[] = [];

  const indexById = new Map<string, number>();
  list.forEach((definition, index) => {
    if (indexById.has(definition.id)) problems.push({ path: `/${index}/id`, message: `duplicate segment id ${JSON.stringify(definition.id)} (first at /${indexById.get(definition.id)})` });
    else indexById.set(definition.id, index);
  });
  const references = (index: number, field: "include" | "exclude"): number[] =>
    (list[index]?.[field] ?? []).flatMap((id, position) => {
      const target = indexById.get(id);
      const path = `/${index}/${field}/${position}`;
      if (target === undefined) problems.push({ path, message: `unknown segment ${JSON.stringify(id)}` });
      else if (target === index) problems.push({ path, message: `segment ${JSON.stringify(id)} refers to itself` });
      else return [target];
      return [];
    });
  const includes = list.map((_, index) => references(index, "include"));
  const excludes = list.map((_, index) => references(index, "exclude"));
  const order = dependencyOrder(list.map((definition) => definition.id), includes, excludes, problems);

  const rules = list.map((definition, index) => {
    try {
      return compileRule(definition.rule, ruleOptions);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      for (const problem of error.problems) problems.push({ path: `/${index}/rule${problem.path}`, message: problem.message });
      return undefined;
    }
  });
  if (problems.length > 0) throw new SegmentConfigError("segment definitions", problems);

  // A segment's clock is its own rule's and its dependencies', computed in dependency order. Custom
  // operators are given the whole data (now included): a rule that uses one may change any day.
  const customNames = new Set(Object.keys(extraOperators ?? {}));
  const clocks: ClockUse[] = new Array<ClockUse>(list.length);
  for (const index of order) {
    const own = ruleClockUse((list[index] as { rule: unknown }).rule, horizonDays, customNames);
    const edges = [...(includes[index] as number[]), ...(excludes[index] as number[])];
    const through = (key: "behavioural" | "unbounded"): boolean => edges.some((at) => clocks[at]?.[key] === true);
    const windows = windowsThrough(own.windows, edges.map((at) => clocks[at]?.windows ?? []));
    clocks[index] = { behavioural: own.behavioural || through("behavioural"), unbounded: own.unbounded || through("unbounded"), windows };
  }
  const segments = list.map((definition, index) => ({
    id: definition.id,
    ...(definition.name === undefined ? {} : { name: definition.name }),
    rule: definition.rule,
    includes: includes[index] as number[],
    excludes: excludes[index] as number[],
    clock: clocks[index] as ClockUse,
  }));
  const ir: SegmentsIR = { segments, order, horizonDays, behaviourPath: [...(behaviouralOptions.behaviourPath ?? DEFAULT_BEHAVIOUR_PATH)] };
  return { ir, ruleOptions, rules: rules as CompiledRule[] };
}

/**
 * Segments in dependency order; every cycle is reported once, on the reference that closes it.
 * Iterative with an explicit stack: a long chain or cycle of references overflowed the call stack
 * (a RangeError instead of a SegmentConfigError).
 */
function dependencyOrder(ids: readonly string[], includes: readonly number[][], excludes: readonly number[][], problems: LocatedProblem[]): number[] {
  const state = new Uint8Array(ids.length); // 0 new, 1 on the current path, 2 done
  const order: number[] = [];
  interface Frame {
    readonly index: number;
    readonly edges: readonly { readonly target: number; readonly field: string; readonly position: number }[];
    next: number;
  }
  const path: Frame[] = [];
  const enter = (index: number): void => {
    state[index] = 1;
    const edges = [
      ...(includes[index] as number[]).map((target, position) => ({ target, field: "include", position })),
      ...(excludes[index] as number[]).map((target, position) => ({ target, field: "exclude", position })),
    ];
    path.push({ index, edges, next: 0 });
  };
  for (let root = 0; root < ids.length; root++) {
    if (state[root] !== 0) continue;
    enter(root);
    while (path.length > 0) {
      const frame = path[path.length - 1] as Frame;
      const edge = frame.edges[frame.next++];
      if (edge === undefined) {
        path.pop();
        state[frame.index] = 2;
        order.push(frame.index);
        continue;
      }
      const { target, field, position } = edge;
      if (state[target] === 1) {
        const from = path.findIndex((entry) => entry.index === target);
        const cycle = [...path.slice(from).map((entry) => entry.index), target].map((at) => ids[at] as string);
        problems.push({ path: `/${frame.index}/${field}/${position}`, message: `segment cycle: ${cycle.join(" → ")}` });
      } else if (state[target] === 0) enter(target);
    }
  }
  return order;
}
