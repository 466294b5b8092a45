import type { AudienceSchema } from "./audience-schema.js";
import { SQL_DIALECTS, type SqlDialectName } from "./sql-dialect.js";
import { RuleTranslator, SqlParameters } from "./translate-rule.js";

/** A query and its bound parameters, for the database client's `query(sql, params)`. */
export interface SqlQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The ids of the profiles a segment rule holds for, as one SQL query with nudgekit's semantics
 * (see RuleTranslator). Throws SqlTranslationError, with the rule's path, for what SQL cannot say
 * the same way.
 *
 * @example
 * const schema = { profiles: { table: "profiles", id: "id", attributes: { "user.attributes.plan": { column: "plan", type: "text" } } } } as const;
 * segmentRuleToSql({ "==": [{ var: "user.attributes.plan" }, "pro"] }, schema, "postgres");
 * // { sql: 'SELECT p."id" FROM "profiles" AS p WHERE (p."plan" IS NOT DISTINCT FROM CAST($1 AS TEXT)) ORDER BY 1', params: ["pro"] }
 */
export function segmentRuleToSql(rule: unknown, schema: AudienceSchema, dialectName: SqlDialectName, options: { readonly now?: number; readonly horizonDays?: number } = {}): SqlQuery {
  const dialect = SQL_DIALECTS[dialectName];
  const parameters = new SqlParameters(dialect);
  const condition = new RuleTranslator(schema, dialect, parameters, "p", options.now, options.horizonDays ?? 90).condition(rule, "");
  const { table, id } = schema.profiles;
  return parameters.finish(`SELECT p.${dialect.quote(id)} FROM ${dialect.quote(table)} AS p WHERE ${condition} ORDER BY 1`);
}
