import type { AudienceSchema } from "../../sql/audience-schema.js";
import { segmentsToSql, type SegmentSetSql } from "../../sql/segment-to-sql.js";
import type { SqlDialectName } from "../../sql/sql-dialect.js";
import type { SqlTranslationOptions } from "../../sql/sql-options.js";
import { SqlTranslationError } from "../../sql/sql-translation-error.js";
import { AudienceInputError } from "./audience-input-error.js";
import type { SegmentSelection } from "./segment-selection.js";

/**
 * The SQL of the selected segments (`segmentsToSql` on them and what they include or exclude). A
 * rule SQL cannot express is an AudienceInputError that names the segment, says why, and points
 * into the config (`/segments/3/rule/==/0/var`, not the translator's own index), followed by what
 * `hint` adds for that reason (why a profile path has no column, where columns are given).
 *
 * @throws AudienceInputError for a rule SQL cannot express; AudienceSchemaError for an invalid schema
 * @example
 * translateSegments(selectSegments(config.segments, ["buyers"]), schema, "postgres", { now, behaviour: config.policy }).segments["buyers"];
 * // { sql: 'SELECT p."id" FROM "profiles" AS p WHERE … ORDER BY 1', params: ["purchase", …] }
 */
export function translateSegments(selection: SegmentSelection, schema: AudienceSchema, dialect: SqlDialectName, options: SqlTranslationOptions, hint: (reason: string) => string = () => ""): SegmentSetSql {
  try {
    return segmentsToSql(selection.definitions, schema, dialect, options);
  } catch (error) {
    if (!(error instanceof SqlTranslationError)) throw error;
    const match = /^\/(\d+)(.*)$/.exec(error.path);
    const index = match === null ? -1 : Number(match[1]);
    const definition = selection.definitions[index];
    const where = definition === undefined ? error.path || "/" : `/segments/${selection.configIndex[index]}${match?.[2] ?? ""}`;
    const choose = selection.ids.length > 1 ? "\n(--segment computes only the segments it names, and those they include or exclude)" : "";
    throw new AudienceInputError(`segment ${JSON.stringify(definition?.id ?? "?")} cannot be computed in SQL: ${error.reason} at ${where}${hint(error.reason)}${choose}`);
  }
}
