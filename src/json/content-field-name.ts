/**
 * The names content may give its own fields (`data` keys): words, so a name is never `__proto__`,
 * and none that every object inherits (`toString`, `constructor`), which would break
 * `${content.data}` or `content.data.hasOwnProperty(…)` in the app that reads it.
 */
export const CONTENT_FIELD_NAME = /^[a-z][A-Za-z0-9_]{0,63}$/;

/** The names of Object.prototype's members. */
export const INHERITED_NAMES: readonly string[] = Object.freeze(Object.getOwnPropertyNames(Object.prototype));
const INHERITED: ReadonlySet<string> = new Set(INHERITED_NAMES);

/**
 * Whether `name` may name a content field.
 *
 * @example
 * isContentFieldName("promo"); // true
 * isContentFieldName("toString"); // false
 */
export function isContentFieldName(name: string): boolean {
  return CONTENT_FIELD_NAME.test(name) && !INHERITED.has(name);
}
