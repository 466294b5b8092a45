/**
 * The filters of the personalisation subset, with liquidjs's semantics, and the two Liquid value
 * conversions they are defined by: a value's text (`stringify`) and a value's number (`toNumber`).
 *
 * Deliberate differences from liquidjs, all on edges (docs/personalisation.md lists them): objects,
 * functions and non-finite numbers have the text "" (not "[object Object]", "Infinity"); arithmetic
 * whose result is not a finite number, such as a division by zero, gives nil; `size`, `first` and
 * `last` of an object are 0 / "" even if it has a `length` key; strings are read and produced up to
 * TEMPLATE_LIMITS.maxOutputLength characters, so that the cost of a render stays bounded.
 */
import { TEMPLATE_LIMITS } from "./template-limits.js";

const MAX_TEXT = TEMPLATE_LIMITS.maxOutputLength;

/** Arrays nested deeper than this have the text "" (bounds the stack on hostile data). */
const MAX_NESTING = 64;

export interface TemplateFilter {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Never mutates its inputs. Missing optional arguments are `undefined`. */
  readonly apply: (value: unknown, args: readonly unknown[]) => unknown;
}

// ---------------------------------------------------------------------------------------------
// Value conversions

/** The own element `index` of an array, or undefined (inherited indices and functions read as missing). */
export function ownElement(array: readonly unknown[], index: number): unknown {
  const value = array[index];
  return value === undefined || typeof value === "function" || !Object.hasOwn(array, index) ? undefined : value;
}

/** `text` cut to at most `limit` code units, never between the two halves of a surrogate pair. */
export function cutText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = Math.max(0, limit);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  return "";
}

/**
 * Text built from array elements, bounded both in characters and in elements visited (so that a
 * million empty strings cost no more than a long one).
 */
class BoundedText {
  text = "";
  private visits = 0;

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.text.length >= this.limit || this.visits >= this.limit;
  }

  write(piece: string): void {
    if (piece !== "") this.text += cutText(piece, this.limit - this.text.length);
  }

  /**
   * The elements of `array`, `separator` between them; a nested array's elements with
   * `nestedSeparator` between them (JavaScript's Array#join writes nested arrays with ",").
   */
  writeElements(array: readonly unknown[], separator: string, nestedSeparator: string, depth: number): void {
    const length = array.length;
    for (let index = 0; index < length && !this.full; index++) {
      this.visits++;
      if (index > 0) this.write(separator);
      const element = ownElement(array, index);
      if (Array.isArray(element)) {
        if (depth < MAX_NESTING) this.writeElements(element, nestedSeparator, nestedSeparator, depth + 1);
      } else {
        this.write(scalarText(element));
      }
    }
  }
}

/**
 * Liquid's text of a value, as an output prints it: strings as they are, finite numbers as
 * String(n), true/false, arrays as their elements' texts run together; nil, objects and
 * everything else "". At most `limit` characters.
 */
export function templateText(value: unknown, limit: number = MAX_TEXT): string {
  if (!Array.isArray(value)) return cutText(scalarText(value), limit);
  const text = new BoundedText(limit);
  text.writeElements(value, "", "", 0);
  return text.text;
}

/**
 * Liquid's number of a value (liquidjs `+value || 0`): numeric strings and single-element arrays
 * convert as JavaScript does, true is 1; anything that is not a number (NaN) is 0.
 */
function templateNumber(value: unknown): number {
  if (typeof value === "number") return value || 0;
  // Like every filter input, at most the first MAX_TEXT characters are read (Number reads them all).
  if (typeof value === "string") return Number(cutText(value, MAX_TEXT)) || 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  // An array converts through its text, elements joined with ","; with two or more elements that
  // text has a comma and is never a number.
  if (Array.isArray(value) && value.length === 1) {
    const text = new BoundedText(MAX_TEXT);
    text.writeElements(value, ",", ",", 0);
    return Number(text.text) || 0;
  }
  return 0;
}

/** The text a string filter works on: Liquid's text, cut to the limit. */
function inputText(value: unknown): string {
  return templateText(value, MAX_TEXT);
}

/** Nil where arithmetic overflows or divides by zero, instead of Infinity or NaN. */
function finiteOrNil(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

// ---------------------------------------------------------------------------------------------
// Filters

/** The index after `count` code points from `from` (liquidjs counts truncate lengths in code points). */
function advanceCodePoints(text: string, from: number, count: number): number {
  let index = from;
  for (let i = 0; i < count && index < text.length; i++) index += (text.codePointAt(index) as number) > 0xffff ? 2 : 1;
  return index;
}

function codePointLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index = advanceCodePoints(text, index, 1)) length++;
  return length;
}

/** liquidjs's truncate: the value unchanged when short enough, else cut so that text + ellipsis fits. */
function truncate(value: unknown, [length, ellipsis]: readonly unknown[]): unknown {
  const text = inputText(value);
  const limit = length === undefined ? 50 : templateNumber(length);
  const tail = ellipsis === undefined ? "..." : inputText(ellipsis);
  if (text.length <= limit || advanceCodePoints(text, 0, limit) >= text.length) return value;
  return cutText(text.slice(0, advanceCodePoints(text, 0, Math.max(limit - codePointLength(tail), 0))) + tail, MAX_TEXT);
}

/** Every occurrence replaced (split and join, as liquidjs), building no more than the limit. */
function replace(value: unknown, [pattern, replacement]: readonly unknown[]): string {
  const pieces = inputText(value).split(inputText(pattern));
  const glue = inputText(replacement);
  let result = pieces[0] ?? ""; // "".split("") is []
  for (let index = 1; index < pieces.length && result.length < MAX_TEXT; index++) result += glue + (pieces[index] as string);
  return cutText(result, MAX_TEXT);
}

/**
 * `text` with each lone surrogate replaced by U+FFFD, so that encodeURIComponent cannot throw
 * (liquidjs throws "URI malformed" there).
 */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** Shifts the decimal point of `n` by `exponent` places through its text, as liquidjs's round does. */
function shiftDecimal(n: number, exponent: number): number {
  const [mantissa, power = "0"] = String(n).split("e");
  return Number(`${mantissa}e${Number(power) + exponent}`);
}

function round(value: unknown, [digits]: readonly unknown[]): number | null {
  const n = templateNumber(value);
  const places = templateNumber(digits);
  const scaled = shiftDecimal(Math.abs(n), places);
  if (!(scaled <= Number.MAX_SAFE_INTEGER)) return finiteOrNil(n);
  const rounded = shiftDecimal(Math.round(scaled), -places);
  return finiteOrNil(n < 0 ? -rounded : rounded);
}

/** Liquid's `default`: nil, false, "" and [] are replaced; 0 and {} are not. */
function defaultFilter(value: unknown, [fallback]: readonly unknown[]): unknown {
  if (typeof value === "string" || Array.isArray(value)) return value.length > 0 ? value : fallback;
  return value === false || value === null || value === undefined ? fallback : value;
}

/** `first` / `last` of a string (a character) or an array (an element); "" for anything else. */
function element(value: unknown, fromEnd: boolean): unknown {
  if (typeof value === "string") return value === "" ? "" : value[fromEnd ? value.length - 1 : 0];
  if (Array.isArray(value)) return ownElement(value, fromEnd ? value.length - 1 : 0);
  return "";
}

function join(value: unknown, [separator]: readonly unknown[]): string {
  const array = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  const text = new BoundedText(MAX_TEXT);
  // Elements are written as Array#join writes them (nested arrays with ","), as liquidjs does.
  text.writeElements(array, separator === null || separator === undefined ? " " : inputText(separator), ",", 0);
  return text.text;
}

function arithmetic(operation: (left: number, right: number) => number): TemplateFilter {
  return {
    minArgs: 1,
    maxArgs: 1,
    apply: (value, [operand]) => finiteOrNil(operation(templateNumber(value), templateNumber(operand))),
  };
}

function textFilter(transform: (text: string) => string): TemplateFilter {
  return { minArgs: 0, maxArgs: 0, apply: (value) => cutText(transform(inputText(value)), MAX_TEXT) };
}

/** The filter table; a Map, so that names such as "constructor" are simply unknown. */
const FILTERS: ReadonlyMap<string, TemplateFilter> = new Map<string, TemplateFilter>([
  ["default", { minArgs: 1, maxArgs: 1, apply: defaultFilter }],
  ["upcase", textFilter((text) => text.toUpperCase())],
  ["downcase", textFilter((text) => text.toLowerCase())],
  ["capitalize", textFilter((text) => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase())],
  ["strip", textFilter((text) => text.trim())],
  ["truncate", { minArgs: 0, maxArgs: 2, apply: truncate }],
  ["append", { minArgs: 1, maxArgs: 1, apply: (value, [suffix]) => cutText(inputText(value) + inputText(suffix), MAX_TEXT) }],
  ["prepend", { minArgs: 1, maxArgs: 1, apply: (value, [prefix]) => cutText(inputText(prefix) + inputText(value), MAX_TEXT) }],
  ["replace", { minArgs: 2, maxArgs: 2, apply: replace }],
  ["url_encode", textFilter((text) => encodeURIComponent(wellFormed(text)).replace(/%20/g, "+"))],
  ["round", { minArgs: 0, maxArgs: 1, apply: round }],
  ["plus", arithmetic((left, right) => left + right)],
  ["minus", arithmetic((left, right) => left - right)],
  ["times", arithmetic((left, right) => left * right)],
  // Liquid would fail on a division by zero (liquidjs gives Infinity): nil lets `| default` handle it.
  ["divided_by", arithmetic((left, right) => (right === 0 ? Number.NaN : left / right))],
  [
    "size",
    {
      minArgs: 0,
      maxArgs: 0,
      apply: (value) => (typeof value === "string" || Array.isArray(value) ? value.length : 0),
    },
  ],
  ["first", { minArgs: 0, maxArgs: 0, apply: (value) => element(value, false) }],
  ["last", { minArgs: 0, maxArgs: 0, apply: (value) => element(value, true) }],
  ["join", { minArgs: 0, maxArgs: 1, apply: join }],
]);

/** The names of the supported filters, in documentation order. */
export const TEMPLATE_FILTERS: readonly string[] = Object.freeze([...FILTERS.keys()]);

/** The filter called `name`, or undefined when there is none. */
export function templateFilter(name: string): TemplateFilter | undefined {
  return FILTERS.get(name);
}
