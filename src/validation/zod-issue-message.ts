import type { z } from "zod";

// zod's own messages ("Invalid input", "Invalid option: expected one of …", "Too small: expected
// number to be >=1") say that something is wrong but rarely what would be right. nudgekit's schemas
// give most checks a message of their own; `issueMessage` writes the others from the issue and the
// schema that raised it, so that every problem names the expected form: `must be an integer, not
// 1.5`, `must be one of "draft", "active", "paused" or "archived", not "live"`, `unknown key
// "priorty" (known keys: id, name, …)`, `must be { rolling }, { calendar, weekStartsOn? }, …`.
//
// It is passed per parse (`safeParse(input, EXPECTED_FORM_MESSAGES)`), never set in zod's global
// config, so an app's own zod schemas keep their messages. Schema-level messages still win.

type RawIssue = z.core.$ZodRawIssue;

/** The parts of a zod schema's definition the descriptions read (zod's `_zod.def`, typed loosely on purpose). */
interface SchemaDefinition {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check?: string; readonly error?: unknown } } }[];
  readonly [field: string]: unknown;
}

/** Longer lists are cut, so that a message stays one readable line. */
const MAX_LISTED = 12;
const MAX_QUOTED = 40;

const definitionOf = (schema: unknown): SchemaDefinition | undefined => {
  const internals = typeof schema === "object" && schema !== null ? (schema as { _zod?: { def?: SchemaDefinition } })._zod : undefined;
  return internals?.def;
};

function quoted(value: unknown): string {
  if (typeof value === "bigint") return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
}

/** `a`, `a or b`, `a, b or c`; `one of` before a longer list of choices, cut after MAX_LISTED. */
function alternatives(items: readonly string[], oneOf: boolean): string {
  const shown = items.length > MAX_LISTED ? [...items.slice(0, MAX_LISTED), "…"] : items;
  if (shown.length <= 1) return shown[0] ?? "nothing";
  const list = `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
  return oneOf && shown.length > 2 ? `one of ${list}` : list;
}

/** What was given, for the end of a message: `not "live"`, `not the number 7`, `not a list`. */
function describeInput(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  switch (typeof input) {
    case "string":
      return `the text ${quoted(input)}`;
    case "number":
    case "bigint":
      return `the number ${String(input)}`;
    case "boolean":
      return String(input);
    case "object":
      return "an object";
    default:
      return typeof input;
  }
}

/** A refinement's own message `must be X…`, as the form `X…` (`a local time "HH:MM"`), if the schema has one. */
function refinedForm(definition: SchemaDefinition): string | undefined {
  for (const check of definition.checks ?? []) {
    const { check: kind, error } = check._zod.def;
    if ((kind !== "custom" && kind !== "string_format") || typeof error !== "function") continue;
    let message: unknown;
    try {
      message = (error as (issue: unknown) => unknown)({ code: "custom", input: undefined, path: [] });
    } catch {
      continue;
    }
    if (typeof message === "string" && message.startsWith("must be ")) return message.slice("must be ".length);
  }
  return undefined;
}

function isInteger(definition: SchemaDefinition): boolean {
  return (definition.checks ?? []).some((check) => {
    const format = (check._zod.def as { format?: unknown }).format;
    return format === "safeint" || format === "int32" || format === "uint32";
  });
}

/** The keys an object schema, or a record keyed by an enum, accepts. */
function knownKeys(schema: unknown): string[] {
  const definition = definitionOf(schema);
  if (definition?.type === "object") return Object.keys(definition.shape as Record<string, unknown>);
  const keyType = definition?.type === "record" ? definitionOf(definition.keyType) : undefined;
  return keyType?.type === "enum" ? Object.values(keyType.entries as Record<string, unknown>).map(String) : [];
}

/** The keys of an object schema as `{ id, name?, … }` (`?`: optional). */
function objectForm(shape: Record<string, unknown>): string {
  const keys = Object.keys(shape).map((key) => {
    const optional = (shape[key] as { _zod?: { optin?: string } } | undefined)?._zod?.optin !== undefined;
    return optional ? `${key}?` : key;
  });
  const shown = keys.length > MAX_LISTED ? [...keys.slice(0, MAX_LISTED), "…"] : keys;
  return `{ ${shown.join(", ")} }`;
}

/** A schema's expected form in words: `a string`, `an integer`, `"always" or "once"`, `{ after }`, … */
export function formOf(schema: unknown, depth = 0): string {
  const definition = definitionOf(schema);
  if (definition === undefined || depth > 4) return "a valid value";
  const refined = refinedForm(definition);
  if (refined !== undefined) return refined;
  switch (definition.type) {
    case "string":
      return "a string";
    case "number":
    case "int":
      return isInteger(definition) ? "an integer" : "a number";
    case "boolean":
      return "true or false";
    case "null":
      return "null";
    case "literal":
      return alternatives((definition.values as readonly unknown[]).map(quoted), false);
    case "enum":
      return alternatives(Object.values(definition.entries as Record<string, unknown>).map(quoted), true);
    case "array":
      return "a list";
    case "tuple":
      return `a list of ${(definition.items as readonly unknown[]).length}`;
    case "object":
      return objectForm(definition.shape as Record<string, unknown>);
    case "record":
    case "map":
      return "an object";
    case "union":
      return alternatives(
        (definition.options as readonly unknown[]).map((option) => formOf(option, depth + 1)),
        false,
      );
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return formOf(definition.innerType, depth + 1);
    case "pipe":
      return formOf(definition.in, depth + 1);
    case "unknown":
    case "any":
      return "any value";
    default:
      return "a valid value";
  }
}

const TYPE_FORMS: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "a list",
  tuple: "a list",
  object: "an object",
  record: "an object",
  map: "an object",
  null: "null",
};

function sizeMessage(issue: Extract<RawIssue, { code: "too_small" | "too_big" }>): string {
  const small = issue.code === "too_small";
  const bound = String(small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum);
  const exact = issue.exact === true;
  switch (issue.origin) {
    case "string":
      if (small && bound === "1" && !exact) return "must not be empty";
      return `must be ${exact ? "exactly" : small ? "at least" : "at most"} ${bound} character${bound === "1" ? "" : "s"} long`;
    case "array":
    case "set":
      return `must have ${exact ? "exactly" : small ? "at least" : "at most"} ${bound} item${bound === "1" ? "" : "s"}`;
    default: {
      const relation = issue.inclusive === false ? (small ? "greater than" : "less than") : small ? "at least" : "at most";
      return `must be ${relation} ${bound}, not ${describeInput(issue.input)}`;
    }
  }
}

/**
 * The message of a zod issue that has none of its own, naming what was expected (a zod error map:
 * pass it per parse as `EXPECTED_FORM_MESSAGES`).
 *
 * @example
 * z.number().int().safeParse(1.5, EXPECTED_FORM_MESSAGES).error?.issues[0]?.message; // "must be an integer, not the number 1.5"
 */
export function issueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case "invalid_type": {
      const form = issue.expected === "int" ? "an integer" : issue.inst !== undefined && definitionOf(issue.inst)?.type !== undefined ? formOf(issue.inst) : (TYPE_FORMS[issue.expected] ?? `a ${issue.expected}`);
      return issue.input === undefined ? `is required: ${form}` : `must be ${form}, not ${describeInput(issue.input)}`;
    }
    case "invalid_value":
      return `must be ${alternatives(issue.values.map(quoted), true)}, not ${issue.input === undefined ? "missing" : describeInput(issue.input)}`;
    case "too_small":
    case "too_big":
      return sizeMessage(issue);
    case "invalid_format":
      return issue.format === "regex" && issue.pattern !== undefined ? `must match the pattern ${issue.pattern}` : `must be a valid ${issue.format}`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}`;
    case "unrecognized_keys": {
      // `$schema` is accepted but is not what a misspelt key was meant to be.
      const keys = knownKeys(issue.inst).filter((key) => !key.startsWith("$"));
      const known = keys.length === 0 ? "" : ` (known keys: ${keys.join(", ")})`;
      return `unknown key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((key) => quoted(key)).join(", ")}${known}`;
    }
    case "invalid_union": {
      const given = issue.input === undefined ? "is required: " : "must be ";
      const form = issue.inst === undefined ? "one of the allowed forms" : formOf(issue.inst);
      const primitive = issue.input !== undefined && (typeof issue.input !== "object" || issue.input === null);
      return `${given}${form}${primitive ? `, not ${describeInput(issue.input)}` : ""}`;
    }
    case "invalid_key":
      return `key ${quoted(issue.input)} ${issue.issues[0]?.message ?? "is not allowed"}`;
    case "invalid_element":
      return `element ${quoted(issue.key)} ${issue.issues[0]?.message ?? "is not valid"}`;
    default:
      return issue.inst === undefined ? "is not valid here" : `must be ${formOf(issue.inst)}`;
  }
}

/** Parse options: every issue without a message of its own gets `issueMessage`'s. */
export const EXPECTED_FORM_MESSAGES = Object.freeze({ error: issueMessage });
