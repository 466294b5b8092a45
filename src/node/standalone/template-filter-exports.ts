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
} from "../../engine/content/template-filter-definitions.js";
import { TEMPLATE_FILTERS, templateFilter } from "../../engine/content/template-filters.js";

// Named, not `import * as`: a namespace object used as a value would be built in the chunk the
// runtime shares with this Node-only entry, and keep every filter in the browsers' bundles.
const DEFINITIONS = { append, capitalize, defaultFilter, dividedBy, downcase, first, join, last, minus, plus, prepend, replace, round, size, strip, times, truncate, upcase, urlEncode };

/**
 * Each template filter's export in template-filter-definitions.ts, by Liquid name: what an engine
 * module's narrowed filter table imports. Found by identity with the table's own filters, so a
 * filter added to the table without an export here fails at once.
 */
export const TEMPLATE_FILTER_EXPORTS: ReadonlyMap<string, string> = new Map(
  TEMPLATE_FILTERS.map((name) => {
    const binding = Object.entries(DEFINITIONS).find(([, definition]) => definition === templateFilter(name))?.[0];
    if (binding === undefined) throw new Error(`the template filter ${JSON.stringify(name)} has no export in template-filter-definitions.ts`);
    return [name, binding] as const;
  }),
);
