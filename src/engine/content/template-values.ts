/**
 * The two Liquid value conversions the personalisation subset is defined by — a value's text
 * (`stringify`) and a value's number (`toNumber`) — with the bounds every render keeps: strings are
 * read and produced up to TEMPLATE_LIMITS.maxOutputLength characters, nesting up to 64 arrays.
 * Objects, functions and non-finite numbers have the text "" (not "[object Object]", "Infinity").
 */
import { TEMPLATE_LIMITS } from "./template-limits.js";

export const MAX_TEXT = TEMPLATE_LIMITS.maxOutputLength;

/** Arrays nested deeper than this have the text "" (bounds the stack on hostile data). */
const MAX_NESTING = 64;

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

/** The text of a value that is not an array: strings as they are, finite numbers as String(n), true / false; "" for anything else. */
export function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  return "";
}

/**
 * Text built from array elements, bounded both in characters and in elements visited (so that a
 * million empty strings cost no more than a long one).
 */
export class BoundedText {
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
export function templateNumber(value: unknown): number {
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
export function inputText(value: unknown): string {
  return templateText(value, MAX_TEXT);
}

/** Nil where arithmetic overflows or divides by zero, instead of Infinity or NaN. */
export function finiteOrNil(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * `text` with each lone surrogate replaced by U+FFFD, so that encodeURIComponent cannot throw
 * (liquidjs throws "URI malformed" there).
 */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}
