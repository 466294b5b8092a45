/**
 * The filter table of the personalisation subset: each filter by its Liquid name (their
 * definitions, with liquidjs's semantics, are in template-filter-definitions.ts). Its own file
 * because an engine module (emitEngineModule) puts another in its place, naming only the filters its
 * config's templates use.
 */
import {
  append,
  capitalize,
  defaultFilter,
  dividedBy,
  downcase,
  first,
  join,
  last,
  minus,
  plus,
  prepend,
  replace,
  round,
  size,
  strip,
  times,
  truncate,
  upcase,
  urlEncode,
  type TemplateFilter,
} from "./template-filter-definitions.js";

export type { TemplateFilter } from "./template-filter-definitions.js";

/** The filter table; a Map, so that names such as "constructor" are simply unknown. In documentation order. */
const FILTERS: ReadonlyMap<string, TemplateFilter> = new Map<string, TemplateFilter>([
  ["default", defaultFilter],
  ["upcase", upcase],
  ["downcase", downcase],
  ["capitalize", capitalize],
  ["strip", strip],
  ["truncate", truncate],
  ["append", append],
  ["prepend", prepend],
  ["replace", replace],
  ["url_encode", urlEncode],
  ["round", round],
  ["plus", plus],
  ["minus", minus],
  ["times", times],
  ["divided_by", dividedBy],
  ["size", size],
  ["first", first],
  ["last", last],
  ["join", join],
]);

/** The names of the supported filters, in documentation order. */
export const TEMPLATE_FILTERS: readonly string[] = Object.freeze([...FILTERS.keys()]);

/** The filter called `name`, or undefined when there is none. */
export function templateFilter(name: string): TemplateFilter | undefined {
  return FILTERS.get(name);
}
