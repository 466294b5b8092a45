/**
 * The template model: a parsed template's JSON IR (filters named, what a prepared config stores, so
 * a loaded engine renders without the template parser) and `linkTemplate`, the one place a
 * `CompiledTemplate` is built.
 */
import { templateFilter, type TemplateFilter } from "./template-filters.js";
import type { TemplateOperand } from "./template-syntax.js";

/** A filter resolved at compile time, with its argument operands. */
export interface CompiledFilterCall {
  readonly name: string;
  readonly filter: TemplateFilter;
  readonly args: readonly TemplateOperand[];
}

export type CompiledTemplatePart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "output"; readonly operand: TemplateOperand; readonly filters: readonly CompiledFilterCall[] };

export interface CompiledTemplate {
  readonly source: string;
  /** True when the template reads no data: every render gives the same text (per escaping). */
  readonly constant: boolean;
  /** @internal The literal text and outputs, in order; read by renderTemplate only. */
  readonly parts: readonly CompiledTemplatePart[];
}

export type TemplatePartIR =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "output"; readonly operand: TemplateOperand; readonly filters: readonly { readonly name: string; readonly args: readonly TemplateOperand[] }[] };

export interface TemplateIR {
  readonly source: string;
  readonly constant: boolean;
  readonly parts: readonly TemplatePartIR[];
}

/** Builds the template from checked parts: every filter name is one of TEMPLATE_FILTERS with a valid argument count. */
export function linkTemplate(ir: TemplateIR): CompiledTemplate {
  const parts = ir.parts.map(
    (part): CompiledTemplatePart =>
      part.kind === "text"
        ? Object.freeze({ kind: "text", text: part.text })
        : Object.freeze({ kind: "output", operand: part.operand, filters: Object.freeze(part.filters.map(({ name, args }) => Object.freeze({ name, filter: templateFilter(name) as TemplateFilter, args }))) }),
  );
  return Object.freeze({ source: ir.source, constant: ir.constant, parts: Object.freeze(parts) });
}
