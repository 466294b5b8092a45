/**
 * nudgekit/sql — segment definitions as SQL with nudgekit's semantics, for the databases where the
 * profiles and the raw event log live: DuckDB and PostgreSQL (tested live against nudgekit's own
 * evaluator), BigQuery, Spark and Trino (golden SQL). Strings only: nothing here runs a database.
 * See docs/audiences.md.
 *
 * @module nudgekit/sql
 */
export { segmentRuleToSql, segmentsToSql, type SqlQuery, type SegmentSetSql } from "./segment-to-sql.js";
export { SqlTranslationError } from "./sql-translation-error.js";
export { AudienceSchemaError, type SqlTranslationOptions } from "./sql-options.js";
export { SQL_DIALECTS, type DayMask, type SqlDialect, type SqlDialectName } from "./sql-dialect.js";
export type { AudienceSchema, AttributeColumn, ColumnType } from "./audience-schema.js";
