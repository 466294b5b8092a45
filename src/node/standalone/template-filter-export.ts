import { TEMPLATE_FILTERS } from "../../engine/content/template-filters.js";
import { templateFilterNamesIn } from "./config-features.js";

/**
 * A template filter's export in template-filter-definitions.ts: its Liquid name in camel case
 * (`url_encode` → `urlEncode`), `defaultFilter` for `default` (a reserved word). A test checks it
 * for every filter; a name without its export would fail the bundle, never be skipped.
 *
 * @example
 * templateFilterExport("divided_by"); // "dividedBy"
 */
export function templateFilterExport(name: string): string {
  return name === "default" ? "defaultFilter" : name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The template filters the IR's templates call, as [Liquid name, export of template-filter-definitions], in the table's order.
 *
 * @example
 * usedTemplateFilters(ir); // [["default", "defaultFilter"], ["url_encode", "urlEncode"]]
 */
export function usedTemplateFilters(ir: unknown): readonly (readonly [string, string])[] {
  const names = templateFilterNamesIn(ir);
  return TEMPLATE_FILTERS.filter((name) => names.has(name)).map((name) => [name, templateFilterExport(name)] as const);
}
