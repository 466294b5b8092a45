import type { Evaluator } from "../evaluation-context.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * String tests: `[text, fragment]` (note: the reverse of `in`, which is `[needle, haystack]`).
 * Strings and finite numbers take part (a zip code may arrive as 75001); anything else tests false.
 * The `_ci` forms compare after Unicode lower-casing (locale-independent String#toLowerCase).
 * Each test charges the evaluation budget one unit per character it reads, before reading them.
 */

type Test = (text: string, fragment: string) => boolean;

/**
 * What a test costs, in characters read, for text and fragment lengths (before any case folding):
 * the case-insensitive forms fold the whole text and the fragment first; a search reads both.
 */
type Cost = (textLength: number, fragmentLength: number) => number;

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

function compileTextTest(test: Test, cost: Cost, caseInsensitive: boolean) {
  const fold = caseInsensitive ? (text: string) => text.toLowerCase() : (text: string) => text;
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
      // Folded once here; each evaluation then reads the fragment once more.
      const fragment = fold(fixed);
      const fragmentLength = fragment.length;
      return (data, context) => {
        const value = asText(text(data, context));
        if (value === undefined) return false;
        context.charge(cost(value.length, fragmentLength), path);
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

/** starts_with / ends_with (and equals, after folding) compare at most the shorter string's characters. */
const affixCost: Cost = (textLength, fragmentLength) => Math.min(textLength, fragmentLength);
/** contains searches the text for the fragment. */
const searchCost: Cost = (textLength, fragmentLength) => textLength + fragmentLength;
/** The case-insensitive forms fold the whole text, then test. */
const foldedCost =
  (test: Cost): Cost =>
  (textLength, fragmentLength) =>
    textLength + test(textLength, fragmentLength);

export const textOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["starts_with", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(startsWith, affixCost, false) }],
  ["ends_with", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(endsWith, affixCost, false) }],
  ["contains", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(contains, searchCost, false) }],
  ["starts_with_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(startsWith, foldedCost(affixCost), true) }],
  ["ends_with_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(endsWith, foldedCost(affixCost), true) }],
  ["contains_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(contains, foldedCost(searchCost), true) }],
  ["equals_ci", { minArgs: 2, maxArgs: 2, pure: true, compile: compileTextTest(equals, foldedCost(affixCost), true) }],
]);
