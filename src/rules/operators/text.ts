import type { Evaluator } from "../evaluation-context.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * String tests: `[text, fragment]` (note: the reverse of `in`, which is `[needle, haystack]`).
 * Strings and finite numbers take part (a zip code may arrive as 75001); anything else tests false.
 * The `_ci` forms compare after Unicode lower-casing (locale-independent String#toLowerCase).
 * Each test charges the evaluation budget one unit per character it reads, before reading them.
 */

type Test = (text: string, fragment: string) => boolean;

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

/**
 * `searches`: the test reads the whole text and the fragment (contains); otherwise at most the
 * shorter of the two (starts_with, ends_with, equality). The `_ci` forms first fold the whole text
 * (and a fragment from data), one unit per character.
 */
function compileTextTest(test: Test, searches: boolean, caseInsensitive: boolean) {
  const fold = caseInsensitive ? (text: string) => text.toLowerCase() : (text: string) => text;
  const cost = (textLength: number, fragmentLength: number) =>
    (caseInsensitive ? textLength : 0) + (searches ? textLength + fragmentLength : Math.min(textLength, fragmentLength));
  return (site: OperationSite): Evaluator => {
    const [textArg, fragmentArg] = site.args as [CompiledArgument, CompiledArgument];
    const text = textArg.evaluate;
    const path = site.path;
    if (fragmentArg.known) {
      const fixed = asText(fragmentArg.value);
      if (fixed === undefined) {
        site.problem(`the second argument must be a string, got ${JSON.stringify(fragmentArg.value)}`, 1);
        return () => false;
      }
      const fragment = fold(fixed); // folded once, here
      return (data, context) => {
        const value = asText(text(data, context));
        if (value === undefined) return false;
        context.charge(cost(value.length, fragment.length), path);
        return test(fold(value), fragment);
      };
    }
    const fragment = fragmentArg.evaluate;
    return (data, context) => {
      const value = asText(text(data, context));
      const part = asText(fragment(data, context));
      if (value === undefined || part === undefined) return false;
      context.charge(cost(value.length, part.length) + (caseInsensitive ? part.length : 0), path);
      return test(fold(value), fold(part));
    };
  };
}

const startsWith: Test = (text, fragment) => text.startsWith(fragment);
const endsWith: Test = (text, fragment) => text.endsWith(fragment);
const contains: Test = (text, fragment) => text.includes(fragment);
const equals: Test = (text, fragment) => text === fragment;

export const textOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["starts_with", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(startsWith, false, false) }],
  ["ends_with", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(endsWith, false, false) }],
  ["contains", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(contains, true, false) }],
  ["starts_with_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(startsWith, false, true) }],
  ["ends_with_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(endsWith, false, true) }],
  ["contains_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(contains, true, true) }],
  ["equals_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(equals, false, true) }],
]);
