/**
 * The filters of the personalisation subset, with liquidjs's semantics, one export each (the table
 * that names them is template-filters.ts; an engine module's table holds only those its templates use).
 *
 * Deliberate differences from liquidjs, all on edges (docs/personalisation.md lists them): arithmetic
 * whose result is not a finite number, such as a division by zero, gives nil; `size`, `first` and
 * `last` of an object are 0 / "" even if it has a `length` key; strings are read and produced up to
 * TEMPLATE_LIMITS.maxOutputLength characters, so that the cost of a render stays bounded.
 */
import { BoundedText, cutText, finiteOrNil, inputText, MAX_TEXT, ownElement, templateNumber, wellFormed } from "./template-values.js";

export interface TemplateFilter {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Never mutates its inputs. Missing optional arguments are `undefined`. */
  readonly apply: (value: unknown, args: readonly unknown[]) => unknown;
}

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
function truncateText(value: unknown, [length, ellipsis]: readonly unknown[]): unknown {
  const text = inputText(value);
  const limit = length === undefined ? 50 : templateNumber(length);
  const tail = ellipsis === undefined ? "..." : inputText(ellipsis);
  if (text.length <= limit || advanceCodePoints(text, 0, limit) >= text.length) return value;
  return cutText(text.slice(0, advanceCodePoints(text, 0, Math.max(limit - codePointLength(tail), 0))) + tail, MAX_TEXT);
}

/** Every occurrence replaced (split and join, as liquidjs), building no more than the limit. */
function replaceText(value: unknown, [pattern, replacement]: readonly unknown[]): string {
  const pieces = inputText(value).split(inputText(pattern));
  const glue = inputText(replacement);
  let result = pieces[0] ?? ""; // "".split("") is []
  for (let index = 1; index < pieces.length && result.length < MAX_TEXT; index++) result += glue + (pieces[index] as string);
  return cutText(result, MAX_TEXT);
}

/** Shifts the decimal point of `n` by `exponent` places through its text, as liquidjs's round does. */
function shiftDecimal(n: number, exponent: number): number {
  const [mantissa, power = "0"] = String(n).split("e");
  return Number(`${mantissa}e${Number(power) + exponent}`);
}

function roundNumber(value: unknown, [digits]: readonly unknown[]): number | null {
  const n = templateNumber(value);
  const places = templateNumber(digits);
  const scaled = shiftDecimal(Math.abs(n), places);
  if (!(scaled <= Number.MAX_SAFE_INTEGER)) return finiteOrNil(n);
  const rounded = shiftDecimal(Math.round(scaled), -places);
  return finiteOrNil(n < 0 ? -rounded : rounded);
}

/** Liquid's `default`: nil, false, "" and [] are replaced; 0 and {} are not. */
function defaultValue(value: unknown, [fallback]: readonly unknown[]): unknown {
  if (typeof value === "string" || Array.isArray(value)) return value.length > 0 ? value : fallback;
  return value === false || value === null || value === undefined ? fallback : value;
}

/** `first` / `last` of a string (a character) or an array (an element); "" for anything else. */
function element(value: unknown, fromEnd: boolean): unknown {
  if (typeof value === "string") return value === "" ? "" : value[fromEnd ? value.length - 1 : 0];
  if (Array.isArray(value)) return ownElement(value, fromEnd ? value.length - 1 : 0);
  return "";
}

function joinElements(value: unknown, [separator]: readonly unknown[]): string {
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

// One export per filter, by its Liquid name (template-filters.ts maps the names). Factory calls are
// marked pure so that a bundle drops the filters its table does not name.
export const defaultFilter: TemplateFilter = { minArgs: 1, maxArgs: 1, apply: defaultValue };
export const upcase: TemplateFilter = /* @__PURE__ */ textFilter((text) => text.toUpperCase());
export const downcase: TemplateFilter = /* @__PURE__ */ textFilter((text) => text.toLowerCase());
export const capitalize: TemplateFilter = /* @__PURE__ */ textFilter((text) => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase());
export const strip: TemplateFilter = /* @__PURE__ */ textFilter((text) => text.trim());
export const truncate: TemplateFilter = { minArgs: 0, maxArgs: 2, apply: truncateText };
export const append: TemplateFilter = { minArgs: 1, maxArgs: 1, apply: (value, [suffix]) => cutText(inputText(value) + inputText(suffix), MAX_TEXT) };
export const prepend: TemplateFilter = { minArgs: 1, maxArgs: 1, apply: (value, [prefix]) => cutText(inputText(prefix) + inputText(value), MAX_TEXT) };
export const replace: TemplateFilter = { minArgs: 2, maxArgs: 2, apply: replaceText };
export const urlEncode: TemplateFilter = /* @__PURE__ */ textFilter((text) => encodeURIComponent(wellFormed(text)).replace(/%20/g, "+"));
export const round: TemplateFilter = { minArgs: 0, maxArgs: 1, apply: roundNumber };
export const plus: TemplateFilter = /* @__PURE__ */ arithmetic((left, right) => left + right);
export const minus: TemplateFilter = /* @__PURE__ */ arithmetic((left, right) => left - right);
export const times: TemplateFilter = /* @__PURE__ */ arithmetic((left, right) => left * right);
// Liquid would fail on a division by zero (liquidjs gives Infinity): nil lets `| default` handle it.
export const dividedBy: TemplateFilter = /* @__PURE__ */ arithmetic((left, right) => (right === 0 ? Number.NaN : left / right));
export const size: TemplateFilter = { minArgs: 0, maxArgs: 0, apply: (value) => (typeof value === "string" || Array.isArray(value) ? value.length : 0) };
export const first: TemplateFilter = { minArgs: 0, maxArgs: 0, apply: (value) => element(value, false) };
export const last: TemplateFilter = { minArgs: 0, maxArgs: 0, apply: (value) => element(value, true) };
export const join: TemplateFilter = { minArgs: 0, maxArgs: 1, apply: joinElements };
