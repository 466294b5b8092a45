import type { AudienceSchema } from "./audience-schema.js";
import { SQL_DIALECTS, type SqlDialect, type SqlDialectName } from "./sql-dialect.js";
import { RuleTranslator } from "./translate-rule.js";
import { SqlParameters } from "./sql-parameters.js";
import { AudienceSchemaError, resolveSqlOptions, type SqlTranslationOptions } from "./sql-options.js";
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
  const translator = new RuleTranslator(resolveSqlOptions(schema, options), dialect, parameters, "p");
  const condition = translator.condition(rule, "");
  const { table, id } = schema.profiles;
  return parameters.finish(`SELECT p.${dialect.quote(id)} FROM ${[dialect.quote(table), "AS p", translator.joins()].filter(Boolean).join(" ")} WHERE ${condition} ORDER BY 1`);
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
  // The set's query names its columns by the id column and the segment ids: one name, one column (case-insensitively, for BigQuery and Spark).
  const clash = definitions.findIndex((definition) => typeof definition?.id === "string" && definition.id.toLowerCase() === schema.profiles.id.toLowerCase());
  if (clash >= 0) throw new AudienceSchemaError("segment definitions", [{ path: `/${clash}/id`, message: `${JSON.stringify(definitions[clash]!.id)} is the name of the profiles' id column: the set's query would have two columns of that name` }]);
  compileSegments(definitions, { rfm: options.rfm, ...(resolved.policy === undefined ? {} : { horizonDays: resolved.policy.horizonDays }) });
  const dialect = dialectOf(dialectName);
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const parameters = new SqlParameters(dialect);
  const { table, id } = schema.profiles;
  /** One query's translation: its own translator, so that its joins hold only the behaviour it reads. */
  const translate = (ids: readonly string[]): { conditions: Map<string, string>; from: string } => {
    const translator = new RuleTranslator(resolved, dialect, parameters, "p");
    const conditions = new Map<string, string>();
    // compileSegments refused cycles: the recursion ends.
    const conditionOf = (segment: string): string => {
      const known = conditions.get(segment);
      if (known !== undefined) return known;
      const definition = byId.get(segment)!;
      const index = definitions.indexOf(definition);
      const parts = [translator.condition(definition.rule, `/${index}/rule`), ...(definition.include ?? []).map(conditionOf), ...(definition.exclude ?? []).map((other) => `(NOT ${conditionOf(other)})`)];
      const condition = parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
      conditions.set(segment, condition);
      return condition;
    };
    for (const segment of ids) conditionOf(segment);
    return { conditions, from: `FROM ${[dialect.quote(table), "AS p", translator.joins()].filter(Boolean).join(" ")}` };
  };
  const segments: Record<string, SqlQuery> = {};
  for (const definition of definitions) {
    const { conditions, from } = translate([definition.id]);
    // Each query numbers its own parameters (finish renumbers the shared tokens per query); ids are own keys, "__proto__" included.
    Object.defineProperty(segments, definition.id, { value: parameters.finish(`SELECT p.${dialect.quote(id)} ${from} WHERE ${conditions.get(definition.id)} ORDER BY 1`), enumerable: true });
  }
  const whole = translate(definitions.map((definition) => definition.id));
  const columns = definitions.map((definition) => `${whole.conditions.get(definition.id)} AS ${dialect.quote(definition.id)}`);
  return { segments, all: parameters.finish(`SELECT ${[`p.${dialect.quote(id)}`, ...columns].join(", ")} ${whole.from} ORDER BY 1`) };
}
