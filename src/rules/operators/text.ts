import type { Evaluator } from "../evaluation-context.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * String tests: `[text, fragment]` (note: the reverse of `in`, which is `[needle, haystack]`).
 * Strings and finite numbers take part (a zip code may arrive as 75001); anything else tests false.
 * The `_ci` forms compare after Unicode lower-casing (locale-independent String#toLowerCase).
 */

type Test = (text: string, fragment: string) => boolean;

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

function compileTextTest(test: Test, caseInsensitive: boolean) {
  const fold = caseInsensitive ? (text: string) => text.toLowerCase() : (text: string) => text;
  return (site: OperationSite): Evaluator => {
    const [textArg, fragmentArg] = site.args as [CompiledArgument, CompiledArgument];
    const text = textArg.evaluate;
    if (fragmentArg.known) {
      const fixed = asText(fragmentArg.value);
      if (fixed === undefined) {
        site.problem(`the second argument must be a string, got ${JSON.stringify(fragmentArg.value)}`, 1);
        return () => false;
      }
      const fragment = fold(fixed);
      return (data, context) => {
        const value = asText(text(data, context));
        return value !== undefined && test(fold(value), fragment);
      };
    }
    const fragment = fragmentArg.evaluate;
    return (data, context) => {
      const value = asText(text(data, context));
      const part = asText(fragment(data, context));
      return value !== undefined && part !== undefined && test(fold(value), fold(part));
    };
  };
}

const startsWith: Test = (text, fragment) => text.startsWith(fragment);
const endsWith: Test = (text, fragment) => text.endsWith(fragment);
const contains: Test = (text, fragment) => text.includes(fragment);
const equals: Test = (text, fragment) => text === fragment;

export const textOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["starts_with", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(startsWith, false) }],
  ["ends_with", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(endsWith, false) }],
  ["contains", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(contains, false) }],
  ["starts_with_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(startsWith, true) }],
  ["ends_with_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(endsWith, true) }],
  ["contains_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(contains, true) }],
  ["equals_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(equals, true) }],
]);
