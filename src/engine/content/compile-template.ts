/**
 * Compiling a personalisation template: parse once, resolve every filter against the filter table
 * and check its argument count, so that rendering never meets an unknown name.
 */
import { linkTemplate, type CompiledTemplate, type TemplateIR, type TemplatePartIR } from "./template-model.js";
import { templateFilter, TEMPLATE_FILTERS, type TemplateFilter } from "./template-filters.js";
import { parseTemplate, type TemplateOperand, type TemplateProblem } from "./template-syntax.js";

export type { TemplateProblem } from "./template-syntax.js";

export type CompileTemplateResult =
  | { ok: true; template: CompiledTemplate }
  | { ok: false; problems: TemplateProblem[] };

/** A template validated into its JSON IR, or every problem found. */
export type TemplateIRResult = { ok: true; template: TemplateIR } | { ok: false; problems: TemplateProblem[] };

function argumentCount({ minArgs, maxArgs }: TemplateFilter): string {
  const count = minArgs === maxArgs ? `${minArgs}` : `${minArgs} ${maxArgs - minArgs === 1 ? "or" : "to"} ${maxArgs}`;
  return `${count} argument${maxArgs === 1 ? "" : "s"}`;
}

/** Parses once; returns the template or every problem found (never throws). */
export function compileTemplate(source: string): CompileTemplateResult {
  const result = templateIR(source);
  return result.ok ? { ok: true, template: linkTemplate(result.template) } : result;
}

/** Parses and checks a template into its JSON IR (what a prepared config stores); never throws. */
export function templateIR(source: string): TemplateIRResult {
  if (typeof source !== "string") {
    return { ok: false, problems: [{ offset: 0, message: `a template must be a string, got ${source === null ? "null" : typeof source}` }] };
  }
  const syntax = parseTemplate(source);
  const problems = [...syntax.problems];
  const parts: TemplatePartIR[] = [];
  let constant = true;
  for (const part of syntax.parts) {
    if (part.kind === "text") {
      parts.push({ kind: "text", text: part.text });
      continue;
    }
    if (part.operand.kind === "path") constant = false;
    const filters: { name: string; args: readonly TemplateOperand[] }[] = [];
    for (const call of part.filters) {
      const filter = templateFilter(call.name);
      if (filter === undefined) {
        problems.push({ offset: call.offset, message: `unknown filter "${call.name}"; the filters are ${TEMPLATE_FILTERS.join(", ")}` });
        continue;
      }
      if (call.args.length < filter.minArgs || call.args.length > filter.maxArgs) {
        problems.push({
          offset: call.offset,
          message: `filter "${call.name}" takes ${argumentCount(filter)}, got ${call.args.length}`,
        });
        continue;
      }
      if (call.args.some((arg) => arg.kind === "path")) constant = false;
      filters.push({ name: call.name, args: call.args });
    }
    parts.push({ kind: "output", operand: part.operand, filters });
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.offset - b.offset) };
  return { ok: true, template: { source, constant, parts } };
}
