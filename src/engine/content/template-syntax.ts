/**
 * The personalisation template language: a documented subset of Liquid with outputs only
 * (`Hi {{ user.first_name | default: "there" }}`), parsed from source into parts.
 *
 * The subset is chosen so that every template accepted here means the same in liquidjs (and, for
 * all but documented edges, in Shopify Liquid): anything outside it, such as tags, escapes in
 * strings or operators, is reported as a problem rather than given a meaning of our own.
 * See docs/personalisation.md.
 */
import { TEMPLATE_LIMITS } from "./template-limits.js";


/** Something wrong with a template, at `offset` (UTF-16 code units) into its source. */
export interface TemplateProblem {
  readonly offset: number;
  readonly message: string;
}

/** A key (`.name`, `["a key"]`) or an array index (`[0]`, `[-1]`) in a variable path. */
export type PathSegment = string | number;

/** The value an output starts from, or a filter argument. */
export type TemplateOperand =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "path"; readonly segments: readonly PathSegment[] };

/** `| name` or `| name: arg1, arg2`, with the offset of its name (filters are checked by the compiler). */
export interface TemplateFilterCall {
  readonly name: string;
  readonly offset: number;
  readonly args: readonly TemplateOperand[];
}

/** `{{ operand | filter … }}`, with the offset of its `{{`. */
export interface TemplateOutputSyntax {
  readonly kind: "output";
  readonly offset: number;
  readonly operand: TemplateOperand;
  readonly filters: readonly TemplateFilterCall[];
}

export type TemplatePartSyntax = { readonly kind: "text"; readonly text: string } | TemplateOutputSyntax;

export interface TemplateSyntax {
  readonly parts: readonly TemplatePartSyntax[];
  readonly problems: readonly TemplateProblem[];
}

/** Thrown inside the output parser only, to abandon one output at its first problem. */
class OutputProblem {
  constructor(readonly problem: TemplateProblem) {}
}

/**
 * Liquid's blank characters (liquidjs's BLANK class): what whitespace control trims and what may
 * separate tokens inside an output. Note that U+FEFF is not one, unlike for String#trim.
 */
const WIDE_BLANKS: ReadonlySet<number> = new Set([
  0x00a0, 0x1680, 0x180e, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
  0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

function isBlank(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0xa0 && WIDE_BLANKS.has(code));
}

const NAME = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?/y;
const INDEX = /-?[0-9]+/y;
const RESERVED_UNSUPPORTED: ReadonlySet<string> = new Set(["empty", "blank"]);

/**
 * Characters that Liquid would read as part of a name but this subset does not allow in one
 * (`?`, non-ASCII letters): reported instead of silently ending the name early.
 */
function continuesLiquidName(code: number): boolean {
  if (code === 0x3f) return true;
  return code >= 0x80 && !isBlank(code) && code !== 0x201c && code !== 0x201d;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 20 ? `${text.slice(0, 20)}…` : text);
}

/**
 * Parses the expression of one output, which runs from `start` to the end of `source` (the template
 * cut just before the output's closing `-}}` or `}}`), or throws an OutputProblem.
 */
class OutputParser {
  private p: number;
  private readonly end: number;

  constructor(
    private readonly source: string,
    start: number,
    private readonly outputOffset: number,
  ) {
    this.p = start;
    this.end = source.length;
  }

  parse(): TemplateOutputSyntax {
    this.skipBlank();
    if (this.atEnd()) this.fail(this.outputOffset, "empty output: put a variable or a literal between {{ and }}");
    const operand = this.operand();
    const filters: TemplateFilterCall[] = [];
    for (;;) {
      this.skipBlank();
      if (this.atEnd()) break;
      if (this.source[this.p] !== "|") this.fail(this.p, `expected "|" or "}}", found ${this.found()}`);
      this.p++;
      filters.push(this.filterCall());
    }
    return { kind: "output", offset: this.outputOffset, operand, filters };
  }

  private filterCall(): TemplateFilterCall {
    this.skipBlank();
    const offset = this.p;
    const name = this.match(NAME);
    if (name === undefined) this.fail(this.p, `expected a filter name after "|", found ${this.found()}`);
    this.rejectUnsupportedNameCharacter();
    this.skipBlank();
    const args: TemplateOperand[] = [];
    if (this.source[this.p] === ":") {
      this.p++;
      for (;;) {
        this.skipBlank();
        args.push(this.operand());
        this.skipBlank();
        if (this.source[this.p] !== "," || this.atEnd()) break;
        this.p++;
      }
    }
    return { name, offset, args };
  }

  /** A literal or a variable path. */
  private operand(): TemplateOperand {
    if (this.atEnd()) this.fail(this.p, "expected a variable or a literal, found the end of the output");
    const character = this.source[this.p] as string;
    if (character === '"' || character === "'") return this.literal(this.string());
    if (character === "-" || (character >= "0" && character <= "9")) return this.literal(this.number());
    if (character === "[") return this.path([]);
    const nameOffset = this.p;
    const name = this.match(NAME);
    if (name === undefined) this.fail(this.p, `expected a variable or a literal, found ${this.found()}`);
    this.rejectUnsupportedNameCharacter();
    if (name === "true" || name === "false") return this.literal(name === "true");
    if (name === "nil" || name === "null") return this.literal(null);
    if (RESERVED_UNSUPPORTED.has(name)) {
      this.fail(nameOffset, `"${name}" is not supported: test for an empty value with the default filter or size instead`);
    }
    return this.path([name]);
  }

  private literal(value: string | number | boolean | null): TemplateOperand {
    const next = this.source[this.p];
    if (!this.atEnd() && (next === "." || next === "[")) this.fail(this.p, "a literal has no properties");
    return Object.freeze({ kind: "literal", value });
  }

  private path(segments: PathSegment[]): TemplateOperand {
    while (!this.atEnd()) {
      const character = this.source[this.p];
      if (character === ".") {
        this.p++;
        const name = this.match(NAME);
        if (name === undefined) this.fail(this.p, `expected a property name after ".", found ${this.found()}`);
        this.rejectUnsupportedNameCharacter();
        segments.push(name);
      } else if (character === "[") {
        this.p++;
        this.skipBlank();
        segments.push(this.bracketKey());
        this.skipBlank();
        if (this.source[this.p] !== "]" || this.atEnd()) this.fail(this.p, `expected "]", found ${this.found()}`);
        this.p++;
      } else {
        break;
      }
    }
    return Object.freeze({ kind: "path", segments: Object.freeze(segments) });
  }

  private bracketKey(): PathSegment {
    const character = this.source[this.p];
    if (!this.atEnd() && (character === '"' || character === "'")) return this.string();
    const start = this.p;
    const index = this.match(INDEX);
    if (index === undefined || this.continuesNumber()) {
      this.p = start;
      this.fail(start, `expected a whole number or a quoted key between [ and ], found ${this.found()}`);
    }
    return Number(index);
  }

  private string(): string {
    const open = this.p;
    const close = stringClose(this.source, open);
    if (close === -1) this.fail(open, "string is not closed");
    const value = this.source.slice(open + 1, close);
    const backslash = value.indexOf("\\");
    if (backslash !== -1) {
      // liquidjs reads escapes in strings, Shopify Liquid does not: reject rather than pick one.
      this.fail(open + 1 + backslash, "backslashes are not allowed in strings; to include a quote, use the other quote character");
    }
    this.p = close + 1;
    return value;
  }

  private number(): number {
    const offset = this.p;
    const text = this.match(NUMBER);
    if (text === undefined || this.continuesNumber()) {
      this.p = offset;
      this.fail(offset, `expected a number such as 3 or -2.5, found ${this.found()}`);
    }
    return Number(text);
  }

  /** `1.`, `1.2.3`, `12abc`: not numbers in this subset (Liquid would read some as names). */
  private continuesNumber(): boolean {
    if (this.atEnd()) return false;
    const code = this.source.charCodeAt(this.p);
    return code === 0x2e || /[A-Za-z0-9_-]/.test(this.source[this.p] as string) || continuesLiquidName(code);
  }

  private rejectUnsupportedNameCharacter(): void {
    if (!this.atEnd() && continuesLiquidName(this.source.charCodeAt(this.p))) {
      this.fail(this.p, 'names may contain only ASCII letters, digits, "_" and "-"; write ["a key"] for other keys');
    }
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.p;
    const found = pattern.exec(this.source);
    if (found === null) return undefined;
    this.p += found[0].length;
    return found[0];
  }

  private skipBlank(): void {
    while (this.p < this.end && isBlank(this.source.charCodeAt(this.p))) this.p++;
  }

  private atEnd(): boolean {
    return this.p >= this.end;
  }

  /** What stands at the current position, for messages: up to the next blank, at most 20 characters. */
  private found(): string {
    let start = this.p;
    while (start < this.end && isBlank(this.source.charCodeAt(start))) start++;
    if (start >= this.end) return "the end of the output";
    let end = start + 1;
    while (end < this.end && end - start < 21 && !isBlank(this.source.charCodeAt(end))) end++;
    return quote(this.source.slice(start, end));
  }

  private fail(offset: number, message: string): never {
    throw new OutputProblem({ offset, message });
  }
}

/**
 * The index of the quote closing the string opened at `open`, or -1. A backslash escapes the next
 * character, as liquidjs reads strings, so that `'it\'s'` is one (rejected) string and not two.
 */
function stringClose(source: string, open: number): number {
  const quoteCharacter = source[open];
  for (let p = open + 1; p < source.length; p++) {
    const character = source[p];
    if (character === "\\") p++;
    else if (character === quoteCharacter) return p;
  }
  return -1;
}

/** Where the `}}` closing the output opened at `open` starts, skipping quoted strings; -1 when unclosed. */
function outputClose(source: string, open: number): number {
  let p = open + 2;
  while (p < source.length) {
    const character = source[p];
    if (character === '"' || character === "'") {
      const close = stringClose(source, p);
      if (close === -1) return -1;
      p = close + 1;
    } else if (character === "}" && source[p + 1] === "}") {
      return p;
    } else {
      p++;
    }
  }
  return -1;
}

/** A run of literal text, as offsets, so that whitespace control can move its ends. */
interface TextRun {
  kind: "text";
  start: number;
  end: number;
}

/** Splits `source` into literal text and outputs, with whitespace control applied, and every problem found. */
export function parseTemplate(source: string): TemplateSyntax {
  const limits = TEMPLATE_LIMITS;
  if (source.length > limits.maxSourceLength) {
    return {
      parts: [],
      problems: [
        {
          offset: limits.maxSourceLength,
          message: `the template is ${source.length} characters long; the limit is ${limits.maxSourceLength}`,
        },
      ],
    };
  }
  const problems: TemplateProblem[] = [];
  const runs: (TextRun | TemplateOutputSyntax)[] = [];
  let outputs = 0;
  let p = 0;
  while (p < source.length) {
    let open = source.indexOf("{", p);
    while (open !== -1 && source[open + 1] !== "{" && source[open + 1] !== "%") open = source.indexOf("{", open + 1);
    if (open === -1) {
      runs.push({ kind: "text", start: p, end: source.length });
      break;
    }
    if (open > p) runs.push({ kind: "text", start: p, end: open });

    if (source[open + 1] === "%") {
      problems.push({ offset: open, message: "tags such as {% if %} are not supported; only {{ output }}" });
      const close = source.indexOf("%}", open + 2);
      p = close === -1 ? source.length : close + 2;
      continue;
    }

    const close = outputClose(source, open);
    if (close === -1) {
      problems.push({ offset: open, message: '"{{" is not closed by "}}"' });
      break;
    }
    p = close + 2;
    outputs++;
    if (outputs === limits.maxOutputs + 1) {
      problems.push({ offset: open, message: `more than ${limits.maxOutputs} outputs; the limit is ${limits.maxOutputs}` });
    }
    // Whitespace control as in Liquid: a "-" right inside the braces trims the neighbouring text.
    const contentStart = open + 2;
    const trimBefore = source[contentStart] === "-";
    const trimAfter = close > contentStart && source[close - 1] === "-";
    if (trimBefore) trimTextEnd(source, runs[runs.length - 1]);
    try {
      // The parser sees the source cut where the output's content ends, so no token can run past it.
      const content = source.slice(0, trimAfter ? close - 1 : close);
      runs.push(new OutputParser(content, trimBefore ? contentStart + 1 : contentStart, open).parse());
    } catch (error) {
      if (!(error instanceof OutputProblem)) throw error;
      problems.push(error.problem);
    }
    // Whitespace control after an output: the blanks at the start of the text that follows go.
    if (trimAfter) p = skipBlanks(source, p);
  }

  const parts: TemplatePartSyntax[] = [];
  for (const run of runs) {
    if (run.kind === "output") parts.push(run);
    else if (run.end > run.start) parts.push({ kind: "text", text: source.slice(run.start, run.end) });
  }
  return { parts, problems };
}

/** Whitespace control before an output: the blanks at the end of the text just before it go. */
function trimTextEnd(source: string, run: TextRun | TemplateOutputSyntax | undefined): void {
  if (run === undefined || run.kind !== "text") return;
  while (run.end > run.start && isBlank(source.charCodeAt(run.end - 1))) run.end--;
}

function skipBlanks(source: string, from: number): number {
  let p = from;
  while (p < source.length && isBlank(source.charCodeAt(p))) p++;
  return p;
}
