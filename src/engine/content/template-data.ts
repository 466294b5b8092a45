/**
 * A compiled template as plain JSON and back: what `prepareConfig` stores for a browser (parsed,
 * filters named), so a loaded engine renders without the template parser; and the one place a
 * `CompiledTemplate` is built.
 */
import type { CompiledTemplate, CompiledTemplatePart } from "./compile-template.js";
import { templateFilter, type TemplateFilter } from "./template-filters.js";
import type { TemplateOperand } from "./template-syntax.js";

export type TemplatePartData =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "output"; readonly operand: TemplateOperand; readonly filters: readonly { readonly name: string; readonly args: readonly TemplateOperand[] }[] };

export interface TemplateData {
  readonly source: string;
  readonly constant: boolean;
  readonly parts: readonly TemplatePartData[];
}

export function templateToData(template: CompiledTemplate): TemplateData {
  return {
    source: template.source,
    constant: template.constant,
    parts: template.parts.map((part) => (part.kind === "text" ? part : { kind: "output", operand: part.operand, filters: part.filters.map(({ name, args }) => ({ name, args })) })),
  };
}

/** Builds the template from checked parts: every filter name is one of TEMPLATE_FILTERS with a valid argument count. */
export function templateFromData(data: TemplateData): CompiledTemplate {
  const parts = data.parts.map(
    (part): CompiledTemplatePart =>
      part.kind === "text"
        ? Object.freeze({ kind: "text", text: part.text })
        : Object.freeze({ kind: "output", operand: part.operand, filters: Object.freeze(part.filters.map(({ name, args }) => Object.freeze({ name, filter: templateFilter(name) as TemplateFilter, args }))) }),
  );
  return Object.freeze({ source: data.source, constant: data.constant, parts: Object.freeze(parts) });
}
