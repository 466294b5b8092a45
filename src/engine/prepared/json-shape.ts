/**
 * Checks of the shape of JSON values, small enough for the browser's decide path (which carries no
 * zod): what `loadEngine` verifies a prepared config with. A check says whether a value fits; when
 * it does not, it adds the keys that lead to what does not fit to `at`, innermost first.
 */
import { isPlainObject } from "../../json/plain-object.js";
// An own property, or undefined: a polluted prototype never supplies a missing field.
import { ownValue } from "../../json/own-value.js";

export type Check = (value: unknown, at: (string | number)[]) => boolean;

/** What a check of `holder[key]` found: on a failure, `key` is part of the path. */
const child = (check: Check, value: unknown, key: string | number, at: (string | number)[]): boolean => check(value, at) || (at.push(key), false);

export const text: Check = (value) => typeof value === "string";
export const bool: Check = (value) => typeof value === "boolean";
export const anything: Check = () => true;

/** A number in [min, max] (finite when the bounds are); whole when `whole`. */
export const number =
  (min: number, max: number, whole = false): Check =>
  (value) =>
    typeof value === "number" && value >= min && value <= max && (!whole || Number.isInteger(value));

export const integer = (min: number, max: number): Check => number(min, max, true);

export const oneOf =
  (values: readonly unknown[]): Check =>
  (value) =>
    values.includes(value);

export const nullable =
  (check: Check): Check =>
  (value, at) =>
    value === null || check(value, at);

export const optional =
  (check: Check): Check =>
  (value, at) =>
    value === undefined || check(value, at);

/** Both checks (e.g. a shape, then a relation between its fields). */
export const both =
  (first: Check, second: Check): Check =>
  (value, at) =>
    first(value, at) && second(value, at);

export const list =
  (item: Check): Check =>
  (value, at) =>
    Array.isArray(value) && value.every((entry, index) => child(item, entry, index, at));

export const tuple =
  (...items: Check[]): Check =>
  (value, at) =>
    Array.isArray(value) && value.length === items.length && items.every((item, index) => child(item, value[index], index, at));

/** An object with these fields (own properties; others are ignored). */
export const object =
  (fields: Readonly<Record<string, Check>>): Check =>
  (value, at) =>
    isPlainObject(value) && Object.keys(fields).every((key) => child(fields[key] as Check, ownValue(value, key), key, at));

/** An object whose every own value passes `item`. */
export const record =
  (item: Check): Check =>
  (value, at) =>
    isPlainObject(value) && Object.keys(value).every((key) => child(item, value[key], key, at));

/** One of several object shapes, told apart by the value of their field `tag`. */
export const variant =
  (tag: string, shapes: Readonly<Record<string, Check>>): Check =>
  (value, at) => {
    const kind = isPlainObject(value) ? ownValue(value, tag) : undefined;
    return typeof kind === "string" && Object.hasOwn(shapes, kind) && (shapes[kind] as Check)(value, at);
  };

/** Any of several checks (the path reported is the last one's). */
export const anyOf =
  (...checks: Check[]): Check =>
  (value, at) =>
    checks.some((check) => check(value, (at.length = 0, at)));
