import type { AudienceSchema } from "./audience-schema.js";
import { SQL_DIALECTS, type SqlDialect, type SqlDialectName } from "./sql-dialect.js";
import { RuleTranslator } from "./translate-rule.js";
import { SqlParameters } from "./sql-parameters.js";
import { resolveSqlOptions, type SqlTranslationOptions } from "./sql-options.js";
import { compileSegments } from "../segments/membership/compile-segment-set.js";
import type { SegmentDefinition } from "../segments/definitions/segment-schema.js";

/** The dialect of a name, or a clear error for a name from JavaScript that is not one. */
function dialectOf(name: SqlDialectName): SqlDialect {
  if (typeof name !== "string" || !Object.hasOwn(SQL_DIALECTS, name)) throw new TypeError(`unknown SQL dialect ${JSON.stringify(name)}: one of ${Object.keys(SQL_DIALECTS).join(", ")}`);
  return SQL_DIALECTS[name];
}

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
export function segmentRuleToSql(rule: unknown, schema: AudienceSchema, dialectName: SqlDialectName, options: SqlTranslationOptions = {}): SqlQuery {
  const dialect = dialectOf(dialectName);
  const parameters = new SqlParameters(dialect);
  const condition = new RuleTranslator(resolveSqlOptions(schema, options), dialect, parameters, "p").condition(rule, "");
  const { table, id } = schema.profiles;
  return parameters.finish(`SELECT p.${dialect.quote(id)} FROM ${dialect.quote(table)} AS p WHERE ${condition} ORDER BY 1`);
}

/** Every segment's query, and one query for the whole set: a row per profile, a boolean column per segment (named by its id). */
export interface SegmentSetSql {
  readonly segments: Readonly<Record<string, SqlQuery>>;
  readonly all: SqlQuery;
}

/**
 * The SQL of a set of segment definitions, as nudgekit/segments defines membership: the rule holds,
 * and the user is in every `include` segment and in no `exclude` one. The definitions are checked
 * as `compileSegments` checks them (unknown references and cycles are a SegmentConfigError).
 *
 * @example
 * const buyers = { id: "buyers", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 3] }, include: ["pro"] };
 * segmentsToSql([{ id: "pro", rule: { "==": [{ var: "user.attributes.plan" }, "pro"] } }, buyers], schema, "duckdb", { now: Date.parse("2026-12-01T00:00:00Z"), behaviour: { events: { purchase: {} } } });
 * // { segments: { pro: { sql, params }, buyers: { sql, params } }, all: { sql: 'SELECT p."id", … AS "pro", … AS "buyers" FROM …', params } }
 */
export function segmentsToSql(definitions: readonly SegmentDefinition[], schema: AudienceSchema, dialectName: SqlDialectName, options: SqlTranslationOptions = {}): SegmentSetSql {
  const resolved = resolveSqlOptions(schema, options);
  compileSegments(definitions, { rfm: options.rfm, ...(resolved.policy === undefined ? {} : { horizonDays: resolved.policy.horizonDays }) });
  const dialect = dialectOf(dialectName);
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const parameters = new SqlParameters(dialect);
  const translator = new RuleTranslator(resolved, dialect, parameters, "p");
  const conditions = new Map<string, string>();
  // compileSegments refused cycles: the recursion ends.
  const conditionOf = (id: string): string => {
    const known = conditions.get(id);
    if (known !== undefined) return known;
    const definition = byId.get(id)!;
    const index = definitions.indexOf(definition);
    const parts = [translator.condition(definition.rule, `/${index}/rule`), ...(definition.include ?? []).map(conditionOf), ...(definition.exclude ?? []).map((other) => `(NOT ${conditionOf(other)})`)];
    const condition = parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
    conditions.set(id, condition);
    return condition;
  };
  const { table, id } = schema.profiles;
  const from = `FROM ${dialect.quote(table)} AS p`;
  const segments: Record<string, SqlQuery> = {};
  for (const definition of definitions) {
    // Each query numbers its own parameters (finish renumbers the shared tokens per query); ids are own keys, "__proto__" included.
    Object.defineProperty(segments, definition.id, { value: parameters.finish(`SELECT p.${dialect.quote(id)} ${from} WHERE ${conditionOf(definition.id)} ORDER BY 1`), enumerable: true });
  }
  const columns = definitions.map((definition) => `${conditionOf(definition.id)} AS ${dialect.quote(definition.id)}`);
  return { segments, all: parameters.finish(`SELECT p.${dialect.quote(id)}, ${columns.join(", ")} ${from} ORDER BY 1`) };
}
