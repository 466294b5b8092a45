/**
 * App-version gates (`version_gte` and the others) as SQL, with the rules' semantics: a value is a
 * version when it is text of the form nudgekit accepts (at most 128 characters), its numeric parts
 * compare as numbers (missing parts are 0), and a pre-release sorts before its release. One side
 * must be a literal version without a pre-release; a number read from data is refused (its text
 * is JavaScript's, which SQL does not write the same way).
 */
import { compareVersions } from "compare-versions";
import { toVersion } from "../rules/operators/versions.js";
import type { SqlDialect } from "./sql-dialect.js";
import type { Fragment } from "./sql-fragment.js";
import type { SqlParameters } from "./sql-parameters.js";
import { SqlTranslationError } from "./sql-translation-error.js";

/** What each operator accepts of the order of data against the literal (-1, 0, 1). */
const ACCEPT: Readonly<Record<string, (order: number) => boolean>> = Object.freeze({
  version_eq: (order: number) => order === 0,
  version_gt: (order: number) => order > 0,
  version_gte: (order: number) => order >= 0,
  version_lt: (order: number) => order < 0,
  version_lte: (order: number) => order <= 0,
});

const SQL_COMPARISON: Readonly<Record<string, string>> = Object.freeze({ version_eq: "= 0", version_gt: "> 0", version_gte: ">= 0", version_lt: "< 0", version_lte: "<= 0" });

export const VERSION_OPERATORS: ReadonlySet<string> = new Set(Object.keys(ACCEPT));

/** nudgekit's version syntax (the rules' VERSION, case-insensitive), spelt with ASCII classes every dialect reads alike. */
const VERSION_PATTERN = "^[vV]?[0-9]{1,9}([.][0-9]{1,9}([.][0-9]{1,9}([.][0-9]{1,9})?)?(-[0-9A-Za-z-]+([.][0-9A-Za-z-]+)*)?([+][0-9A-Za-z-]+([.][0-9A-Za-z-]+)*)?)?$";
const MAX_VERSION_LENGTH = 128;

/** The numeric parts (four, missing ones 0) and whether a pre-release follows, of a version text. */
function literalParts(version: string): { parts: number[]; preRelease: boolean } {
  const text = version.replace(/^v/i, "").split("+")[0]!;
  const dash = text.indexOf("-");
  const core = dash < 0 ? text : text.slice(0, dash);
  const parts = core.split(".").map((part) => Number.parseInt(part, 10));
  while (parts.length < 4) parts.push(0);
  return { parts, preRelease: dash >= 0 };
}

/**
 * `operator` [left, right] where one side is data (a text fragment) and the other a literal, or
 * both literals. `path` points at the operation.
 */
export function versionCondition(operator: string, left: { literal: unknown } | Fragment, right: { literal: unknown } | Fragment, dialect: SqlDialect, parameters: SqlParameters, path: string): string {
  const accept = ACCEPT[operator]!;
  const isLiteral = (side: { literal: unknown } | Fragment): side is { literal: unknown } => "literal" in side;
  if (isLiteral(left) && isLiteral(right)) {
    const [a, b] = [toVersion(left.literal), toVersion(right.literal)];
    // nudgekit refuses a literal that is not a version when it compiles the rule.
    for (const [version, side] of [[a, left], [b, right]] as const) if (version === undefined) throw new SqlTranslationError(path, `${JSON.stringify(side.literal)} is not a version such as "5.2.1"`);
    return accept(compareVersions(a!, b!)) ? "TRUE" : "FALSE";
  }
  if (!isLiteral(left) && !isLiteral(right)) throw new SqlTranslationError(path, `"${operator}" in SQL compares data with a version written in the rule`);
  const [data, literal, flip] = isLiteral(right) ? [left as Fragment, right, false] : [right as Fragment, left as { literal: unknown }, true];
  const version = toVersion(literal.literal);
  if (version === undefined) throw new SqlTranslationError(path, `${JSON.stringify(literal.literal)} is not a version such as "5.2.1"`);
  const { parts, preRelease } = literalParts(version);
  if (preRelease) throw new SqlTranslationError(path, `a pre-release in the version written in the rule (${JSON.stringify(literal.literal)}) is not supported in SQL`);
  if (data.type === "null" || data.type === "boolean") return "FALSE";
  if (data.type === "number") throw new SqlTranslationError(path, `"${operator}" of a number column is not supported in SQL (JavaScript writes the number as text first): store versions as text`);
  const text = data.sql;
  const stripped = `(CASE WHEN substr(${text}, 1, 1) IN ('v', 'V') THEN substr(${text}, 2) ELSE ${text} END)`;
  const withoutBuild = dialect.splitPart(stripped, "+", 1);
  const core = dialect.splitPart(withoutBuild, "-", 1);
  const part = (n: number) => `COALESCE(CAST(NULLIF(${dialect.splitPart(core, ".", n)}, '') AS BIGINT), 0)`;
  const cases = parts.map((value, index) => {
    const mine = part(index + 1);
    const theirs = `CAST(${parameters.add(value)} AS BIGINT)`;
    return `WHEN ${mine} <> ${theirs} THEN (CASE WHEN ${mine} > ${theirs} THEN 1 ELSE -1 END)`;
  });
  const order = `(CASE ${cases.join(" ")} WHEN ${dialect.contains(withoutBuild, "'-'")} THEN -1 ELSE 0 END)`;
  // No line feed: Java's `$` (Spark, Trino) also matches before a final one.
  const valid = `(length(${text}) <= ${MAX_VERSION_LENGTH} AND NOT ${dialect.contains(text, `CAST(${parameters.add("\n")} AS ${dialect.textType})`)} AND ${dialect.matches(text, `CAST(${parameters.add(VERSION_PATTERN)} AS ${dialect.textType})`)})`;
  const comparison = `${flip ? `-${order}` : order} ${SQL_COMPARISON[operator]}`;
  // Only a valid version is split: CASE keeps the casts from reading anything else.
  return `COALESCE(CASE WHEN ${valid} THEN (${comparison}) ELSE FALSE END, FALSE)`;
}
