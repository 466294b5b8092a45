/**
 * Rendering a compiled personalisation template against caller data: variable paths read own
 * properties only, filters run as compiled, and with escaping "html" every value an output
 * produces is HTML-escaped while the template's literal text is kept as written (liquidjs's
 * `outputEscape: "escape"`).
 *
 * Hostile data is expected: nothing is written, getters or proxies that throw blank their output
 * instead of failing the render, functions are never called, and the work done is bounded by
 * TEMPLATE_LIMITS whatever the size of the data.
 */
import type { CompiledTemplate, CompiledTemplatePart } from "./template-model.js";
import { escapeHtml } from "./escape-html.js";
import { isUnsafeLink } from "../../json/unsafe-link.js";
import { cutText, ownElement, templateText, wellFormed } from "./template-values.js";
import { TEMPLATE_LIMITS } from "./template-limits.js";
import type { PathSegment, TemplateOperand } from "./template-syntax.js";

/**
 * "html" escapes every output value (email HTML bodies); "text" leaves it as is (push, SMS, in-app
 * text); "url" URL-encodes every output value but one that starts the template (the whole link,
 * read from data) or ends in `url_encode` (encoded already), and renders a link with an unsafe
 * scheme (`javascript:`, `data:`…) as "".
 */
export type TemplateEscaping = "html" | "text" | "url";

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** State of one render: own-key counts of objects already asked for `.size`, each counted once. */
class RenderScope {
  private keyCounts: Map<object, number> | undefined;

  constructor(readonly data: unknown) {}

  keyCount(holder: object): number {
    this.keyCounts ??= new Map();
    let count = this.keyCounts.get(holder);
    if (count === undefined) {
      count = Object.keys(holder).length;
      this.keyCounts.set(holder, count);
    }
    return count;
  }
}

/**
 * The own property `key` of `holder`, or undefined; inherited members and functions read as
 * missing. A string's own properties are its indices and `length` (Object.hasOwn boxes it).
 */
function ownValue(holder: object | string, key: string): unknown {
  const value = (holder as Record<string, unknown>)[key];
  return value === undefined || typeof value === "function" || !Object.hasOwn(holder as object, key) ? undefined : value;
}

/**
 * One step of a variable path, as liquidjs reads it with `ownPropertyOnly`: nil stays nil (null or
 * undefined, as it was), a whole-number key indexes an array from the end when negative, and
 * `size`, `first` and `last` fall back to an array's length and ends, a string's length and an
 * object's number of own keys when there is no own property of that name.
 */
function readStep(holder: unknown, key: PathSegment, scope: RenderScope): unknown {
  if (holder === null || holder === undefined) return holder;
  if (typeof key === "number" && Array.isArray(holder)) return ownElement(holder, key < 0 ? holder.length + key : key);
  if (typeof holder !== "object" && typeof holder !== "string") return undefined;
  const name = typeof key === "number" ? String(key) : key;
  if (FORBIDDEN_KEYS.has(name)) return undefined;
  const value = ownValue(holder, name);
  switch (name) {
    case "size":
      if (Object.hasOwn(holder as object, "size")) return value;
      if (typeof holder === "string" || Array.isArray(holder)) return holder.length;
      return scope.keyCount(holder);
    case "first":
      return Array.isArray(holder) ? ownElement(holder, 0) : value;
    case "last":
      return Array.isArray(holder) ? ownElement(holder, holder.length - 1) : value;
    default:
      return value;
  }
}

/**
 * Where a top-level name is looked up when the data has no such key: an empty scope, as in
 * liquidjs. It matters for `size` only, which is then 0 rather than the data's own key count.
 */
const EMPTY_SCOPE: object = Object.freeze({});

function operandValue(operand: TemplateOperand, scope: RenderScope): unknown {
  if (operand.kind === "literal") return operand.value;
  const data = scope.data;
  // Variables live in the data object; with no object there, every variable is nil.
  if (typeof data !== "object" || data === null) return undefined;
  const segments = operand.segments;
  let value: unknown = segments.length > 0 && Object.hasOwn(data, segments[0] as PathSegment) ? data : EMPTY_SCOPE;
  for (const segment of segments) value = readStep(value, segment, scope);
  return value;
}

/** The text of one output, at most `limit` characters; "" when hostile data makes reading it throw. */
function outputText(part: Extract<CompiledTemplatePart, { kind: "output" }>, scope: RenderScope, limit: number): string {
  try {
    let value = operandValue(part.operand, scope);
    for (const call of part.filters) {
      value = call.filter.apply(
        value,
        call.args.map((arg) => operandValue(arg, scope)),
      );
    }
    return templateText(value, limit);
  } catch {
    // Only hostile data gets here (a throwing getter or proxy trap): that output renders as "".
    return "";
  }
}

/** Escaped text cut to `limit` without leaving half an entity (`&am`) at the end. */
function cutEscaped(escaped: string, limit: number): string {
  const cut = cutText(escaped, limit);
  if (cut.length === escaped.length) return cut;
  const ampersand = cut.lastIndexOf("&");
  return ampersand !== -1 && ampersand >= cut.length - 5 && !cut.includes(";", ampersand) ? cut.slice(0, ampersand) : cut;
}

/** Percent-encoded text cut to `limit` without leaving half an escape (`%E2%8`) at the end. */
function cutEncoded(encoded: string, limit: number): string {
  const cut = cutText(encoded, limit);
  if (cut.length === encoded.length) return cut;
  const percent = cut.lastIndexOf("%");
  return percent !== -1 && percent >= cut.length - 2 ? cut.slice(0, percent) : cut;
}

/** Whether an output's value is URL-encoded in a link: not when it starts the link, nor when `url_encode` encoded it already. */
function encodesInLink(part: Extract<CompiledTemplatePart, { kind: "output" }>, index: number): boolean {
  return index > 0 && part.filters[part.filters.length - 1]?.name !== "url_encode";
}

/** Never throws, never mutates data, for any JSON-like data (including hostile objects). */
export function renderTemplate(template: CompiledTemplate, data: unknown, escaping: TemplateEscaping): string {
  const limit = TEMPLATE_LIMITS.maxOutputLength;
  // Anything but an explicit "text" or "url" escapes HTML: a wrong escaping value must not open an injection.
  const link = escaping === "url";
  const escapeValues = escaping !== "text" && !link;
  const scope = new RenderScope(data);
  let rendered = "";
  try {
    const parts = template.parts;
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index]!;
      const room = limit - rendered.length;
      if (room <= 0) break;
      if (part.kind === "text") {
        rendered += cutText(part.text, room);
      } else {
        const text = outputText(part, scope, room);
        rendered += escapeValues ? cutEscaped(escapeHtml(text), room) : link && encodesInLink(part, index) ? cutEncoded(encodeURIComponent(wellFormed(text)), room) : text;
      }
    }
  } catch {
    // Unreachable for a template from compileTemplate; kept so that a forged template cannot throw.
  }
  return link && isUnsafeLink(rendered) ? "" : rendered;
}
