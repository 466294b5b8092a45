/// <reference types="node" />
import { readFileSync } from "node:fs";
import { parse as parseLocated, printParseErrorCode, type ParseError } from "jsonc-parser";

/** jsonc-parser's error codes, in words. */
const PROBLEMS: Readonly<Record<string, string>> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between the items",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: "expected the end of the file",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "comments are not allowed in JSON",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "a control character in a string (it must be escaped)",
};

/** The line of `text` at `line`, cut to about 80 characters around `column`, with a caret under it. */
function excerpt(text: string, line: number, column: number): string {
  const source = (text.split("\n")[line - 1] ?? "").replace(/\r$/, "").replace(/\t/g, " ");
  const start = Math.max(0, column - 60);
  const shown = `${start > 0 ? "…" : ""}${source.slice(start, start + 80)}${source.length > start + 80 ? "…" : ""}`;
  return `  ${shown}\n  ${" ".repeat(column - 1 - start + (start > 0 ? 1 : 0))}^`;
}

/**
 * A JSON file's value. A UTF-8 byte order mark is dropped (editors on Windows write one). A syntax
 * error says where, as line:column, with the line and a caret:
 * `campaigns.json:3:14: invalid JSON: expected ',' between the items`.
 *
 * @throws Error with that message (or the file system's, for an unreadable file).
 */
export function readJsonFile(file: string): unknown {
  let text = readFileSync(file, "utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 gives a position for some errors only: jsonc-parser (strict settings) locates every one.
    const errors: ParseError[] = [];
    parseLocated(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (first === undefined) throw new Error(`${file}: invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
    const before = text.slice(0, first.offset);
    const line = before.split("\n").length;
    const column = first.offset - (before.lastIndexOf("\n") + 1) + 1;
    const code = printParseErrorCode(first.error);
    throw new Error(`${file}:${line}:${column}: invalid JSON: ${PROBLEMS[code] ?? code}\n${excerpt(text, line, column)}`);
  }
}
