import type { CompileOptions } from "../compile-options.js";
import { resolveLimits } from "../limits.js";
import { compileNode, type CompileEnvironment, type CompiledNode } from "./compile-node.js";
import { measureRule } from "./measure-rule.js";
import { operatorTableFor } from "./operator-table.js";
import type { Tracer } from "./tracer.js";
import { zoneClock } from "../../time-zones/zone-clock.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";

/** Checks the rule's size, then compiles it; problems are collected in `env.problems`. */
export function compileTree(
  rule: unknown,
  options: CompileOptions,
  tracer: Tracer | undefined,
  onOperation?: CompileEnvironment["onOperation"],
): { node: CompiledNode | undefined; env: CompileEnvironment } {
  for (const hook of ["onError", "log"] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== "function") throw new TypeError(`options.${hook} must be a function`);
  }
  const env: CompileEnvironment = {
    operators: operatorTableFor(options.operators),
    limits: resolveLimits(options.limits),
    problems: [],
    tracer,
    zones: zoneClock(timeZoneProviderOption(options.timeZones)),
    onOperation,
  };
  const tooBig = measureRule(rule, env.limits);
  if (tooBig !== undefined) {
    env.problems.push(tooBig);
    return { node: undefined, env };
  }
  return { node: compileNode(rule, "", env), env };
}
