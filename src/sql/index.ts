/**
 * nudgekit/sql — segment rules as SQL, with nudgekit's semantics, for the databases where the
 * profiles live (work in progress: attribute conditions on DuckDB and PostgreSQL).
 *
 * @module nudgekit/sql
 */
export { segmentRuleToSql, segmentsToSql, type SqlQuery, type SegmentSetSql } from "./segment-to-sql.js";
export { SqlTranslationError } from "./sql-translation-error.js";
export { SQL_DIALECTS, type SqlDialect, type SqlDialectName } from "./sql-dialect.js";
export type { AudienceSchema, AttributeColumn, ColumnType } from "./audience-schema.js";
