import type { Evaluator } from "../evaluation-context.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/**
 * `log`: returns its argument. Inert unless `CompileOptions.log` is given (json-logic-js writes to
 * console.log; a library must not write to the console of the page or service that embeds it).
 */
function compileLog(site: OperationSite): Evaluator {
  const operand = (site.args[0] as CompiledArgument).evaluate;
  return (data, context) => {
    const value = operand(data, context);
    context.log?.(value);
    return value;
  };
}

export const logOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["log", { minArgs: 1, maxArgs: 1, pure: false, compile: compileLog }],
]);
