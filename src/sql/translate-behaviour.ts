/**
 * The behavioural operators of nudgekit/segments over a raw event log, with the aggregates'
 * semantics exactly: only the events the policy tracks, the events a fold at `now` accepts (none
 * later than now + maxFutureMs), windows of whole UTC days ending on now's day, the days kept
 * within the horizon of the user's last event, and a property's values rounded to its declared
 * decimals as the fold stores them.
 *
 * Shape: every operator of a query is a column of one aggregation of the event log grouped by user
 * (one scan, `CASE` inside the aggregates), joined to the profiles; a streak is a gaps-and-islands
 * table per event; the last event per user, where the kept days depend on it, a small aggregation
 * of its own. Scalar subqueries per profile would read the log once per operator.
 */
import { childPointer } from "../json/json-pointer.js";
import { powerOfTen } from "../math/power-of-ten.js";
import { DAY_MS, utcDay } from "../segments/aggregates/utc-day.js";
import type { AggregatePolicy } from "../segments/aggregates/aggregate-policy-model.js";
import { parseWindowDays } from "../segments/operators/window-days.js";
import type { ParsedRfmModel } from "../segments/operators/rfm-model-schema.js";
import type { AudienceSchema } from "./audience-schema.js";
import { PLAIN_JSON_NAME, type SqlDialect } from "./sql-dialect.js";
import type { Fragment } from "./sql-fragment.js";
import type { SqlParameters } from "./sql-parameters.js";
import { SqlTranslationError } from "./sql-translation-error.js";

/** The largest integer a fold stores (Number.isSafeInteger): larger scaled values are ignored. */
const MAX_SAFE = "9007199254740991";

/** Aliases of the derived tables (not names a query could read: derived tables shadow nothing). */
const BEHAVIOUR = "nudgekit_behaviour";
const LAST = "nudgekit_last";
const STREAK = "nudgekit_streak_";

/** An instant as ISO text without an offset (a UTC TIMESTAMP literal), to the millisecond. */
const isoInstant = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 23).replace("T", " ");

type EventsTable = NonNullable<AudienceSchema["events"]>;

/** The days an aggregate reads: a window (first day, to today or `toDay`), or every day. */
type DayRange = { readonly fromDay: number; readonly toDay?: number } | undefined;

/** How the parts of a windowed aggregate add up: sums and counts add, minima and maxima compare. */
type Combine = "sum" | "min" | "max";

/** More days than this at a window's start that a later event can push out of the kept days: read the last events instead. */
const MAX_EDGE_DAYS = 4;

/** How an event's kept days are found: from the user's last event ever, or only from one after today. */
type Retention = "all" | "future";

export class BehaviourTranslator {
  readonly #events: EventsTable;
  readonly #today: number;
  /** The latest event time a fold at `now` accepts. */
  readonly #limit: number;
  /** Aggregate expressions by their SQL: their column in the behaviour table. */
  readonly #features = new Map<string, string>();
  /** Event names the aggregation reads, and how each one's last event is needed. */
  readonly #names = new Map<string, string>();
  readonly #retention = new Map<string, Retention>();
  /** Per event with a streak: its table's alias. */
  readonly #streaks = new Map<string, string>();

  constructor(
    events: EventsTable,
    private readonly dialect: SqlDialect,
    private readonly parameters: SqlParameters,
    now: number,
    private readonly policy: AggregatePolicy,
    private readonly rfm: ReadonlyMap<string, ParsedRfmModel>,
  ) {
    this.#events = events;
    this.#today = utcDay(now);
    this.#limit = now + policy.maxFutureMs;
  }

  /** The value of a behavioural operation (`path` is the operator's pointer). */
  value(operator: string, args: readonly unknown[], path: string): Fragment {
    if (operator === "rfm_score") return this.rfmScore(args, path);
    const name = this.eventName(args[0], childPointer(path, "0"));
    const tracked = this.policy.events.has(name);
    switch (operator) {
      case "event_count":
      case "never_did": {
        const days = this.window(args[1], childPointer(path, "1"), false);
        const count = tracked ? this.count(name, days === undefined ? undefined : { fromDay: this.#today - days + 1 }) : "0";
        return operator === "event_count" ? this.number(count, false) : { sql: `(${count} = 0)`, type: "boolean", nullable: false };
      }
      case "active_days": {
        const days = this.window(args[1], childPointer(path, "1"), true) as number;
        if (!tracked) return this.number("0", false);
        const mask = this.dayMask(name);
        if (mask !== undefined) return this.number(`(CASE WHEN ${mask.bits} IS NULL THEN 0 ELSE ${mask.count(`LEAST(${days}, ${mask.kept})`)} END)`, false);
        const range = { fromDay: this.#today - days + 1 };
        return this.number(this.windowed(name, range, (condition) => `count(DISTINCT CASE WHEN ${condition} THEN CAST(${this.time()} AS DATE) END)`, "sum"), false);
      }
      case "streak_days":
        return this.number(tracked ? this.streak(name) : "0", false);
      case "last_seen":
      case "first_seen": {
        if (!tracked) return this.number("NULL", true);
        return this.number(this.dialect.epochMs(this.edge(name, operator === "last_seen" ? "max" : "min")), true);
      }
      case "days_since_last":
      case "days_since_first": {
        if (!tracked) return this.number("NULL", true);
        return this.number(this.dialect.daysBetween(`CAST(${this.edge(name, operator === "days_since_last" ? "max" : "min")} AS DATE)`, this.date(this.#today)), true);
      }
      case "event_sum":
      case "event_avg":
      case "event_min":
      case "event_max":
        return this.property(operator, name, args, path);
      default:
        throw new SqlTranslationError(path, `"${operator}" is not supported in SQL`);
    }
  }

  /**
   * The joins that give the profiles (`profileId`, qualified) the behaviour columns the values
   * read: empty when no behavioural operator was translated.
   */
  joins(profileId: string): string {
    const q = (identifier: string) => this.dialect.quote(identifier);
    const { table, userId } = this.#events;
    const parts: string[] = [];
    if (this.#features.size > 0) {
      const columns = [...this.#features].map(([sql, alias]) => `${sql} AS ${alias}`);
      const names = [...this.#names.values()].map((token) => `CAST(${token} AS ${this.dialect.textType})`);
      const last = this.#retention.size === 0 ? "" : ` LEFT JOIN ${this.lastEvents()} AS ${LAST} ON ${LAST}.u = e.${q(userId)}`;
      parts.push(
        `LEFT JOIN (SELECT e.${q(userId)} AS u, ${columns.join(", ")} FROM ${q(table)} AS e${last} WHERE e.${q(this.#events.name)} IN (${names.join(", ")}) AND ${this.time()} <= ${this.limit()} GROUP BY e.${q(userId)}) AS ${BEHAVIOUR} ON ${BEHAVIOUR}.u = ${profileId}`,
      );
    }
    for (const [name, alias] of this.#streaks) parts.push(`LEFT JOIN ${this.streakTable(name)} AS ${alias} ON ${alias}.u = ${profileId}`);
    return parts.join(" ");
  }

  /** `event_sum` / `avg` / `min` / `max` [event, property, window?]: the sum of no values is 0, the others null. */
  private property(operator: string, name: string, args: readonly unknown[], path: string): Fragment {
    const property = args[1];
    if (typeof property !== "string" || property.length === 0) throw new SqlTranslationError(childPointer(path, "1"), "the property must be a name written in the rule");
    const days = this.window(args[2], childPointer(path, "2"), false);
    const decimals = this.policy.events.get(name)?.properties.get(property);
    if (decimals === undefined) return operator === "event_sum" ? this.number("0", false) : this.number("NULL", true);
    const totals = this.totals(name, property, decimals, days === undefined ? undefined : { fromDay: this.#today - days + 1 }, childPointer(path, "1"));
    const sql = {
      event_sum: `COALESCE(${totals.sum}, 0) / ${totals.unit}`,
      event_avg: `(${totals.sum} / ${totals.unit}) / NULLIF(${totals.count}, 0)`,
      event_min: `${totals.min} / ${totals.unit}`,
      event_max: `${totals.max} / ${totals.unit}`,
    }[operator as "event_sum"];
    return this.number(sql, operator !== "event_sum");
  }

  /** The columns of a property's stored integers (sum, count, min, max) on the days of `range`, and the unit to divide them by. */
  private totals(name: string, property: string, decimals: number, range: DayRange, path: string): { sum: string; count: string; min: string; max: string; unit: string } {
    const value = this.propertyValue(property, path);
    const unit = `CAST(${this.parameters.add(powerOfTen(decimals))} AS ${this.dialect.doubleType})`;
    const scaled = `(${value} * ${unit})`;
    // Math.round: the nearest integer, halves toward +∞ (exact: a double minus its floor is exact).
    const rounded = `(CASE WHEN ${scaled} - floor(${scaled}) >= 0.5 THEN floor(${scaled}) + 1 ELSE floor(${scaled}) END)`;
    // NaN, ±Infinity and values beyond ±2^53 units fail the test, as the fold ignores them.
    const values = (condition: string) => `CASE WHEN ${condition} AND abs(${rounded}) <= ${MAX_SAFE} THEN ${rounded} END`;
    if (range === undefined) {
      // Every kept day: from the horizon of the user's last event.
      const kept = values(this.when(name, undefined, "all"));
      return { sum: this.feature(`sum(${kept})`), count: this.feature(`count(${kept})`), min: this.feature(`min(${kept})`), max: this.feature(`max(${kept})`), unit };
    }
    const of = (statistic: string, combine: Combine) => this.windowed(name, range, (condition) => `${statistic}(${values(condition)})`, combine);
    return { sum: of("sum", "sum"), count: of("count", "sum"), min: of("min", "min"), max: of("max", "max"), unit };
  }

  /** A property's number: its column, or the JSON column's member when it is a JSON number (NULL otherwise). */
  private propertyValue(property: string, path: string): string {
    const columns = this.#events.properties;
    if (columns !== undefined && Object.hasOwn(columns, property)) return this.dialect.toDouble(`e.${this.dialect.quote(columns[property]!)}`);
    if (this.#events.json !== undefined) {
      const { jsonNumber, name } = this.dialect;
      if (jsonNumber === undefined) throw new SqlTranslationError(path, `${name} cannot tell a JSON number from a JSON string: map the property ${JSON.stringify(property)} to a column in events.properties`);
      if ((name === "bigquery" || name === "trino") && !PLAIN_JSON_NAME.test(property)) throw new SqlTranslationError(path, `a property read from JSON in ${name} must be a plain name (letters, digits, _), got ${JSON.stringify(property)}: map it to a column in events.properties`);
      return jsonNumber(`e.${this.dialect.quote(this.#events.json)}`, property, (text) => this.parameters.add(text));
    }
    throw new SqlTranslationError(path, `no column for the property ${JSON.stringify(property)}: map it in the schema's events.properties, or give events.json`);
  }

  /** `rfm_score` [model, dimension?]: 0 for a user who never did the model's event. */
  private rfmScore(args: readonly unknown[], path: string): Fragment {
    const [modelName, dimension = "rfm"] = args;
    if (typeof modelName !== "string" || !this.rfm.has(modelName)) throw new SqlTranslationError(childPointer(path, "0"), `rfm_score in SQL needs the name of a model given in options.rfm${this.rfm.size === 0 ? " (none is)" : ` (${[...this.rfm.keys()].map((name) => JSON.stringify(name)).join(", ")})`}`);
    if (typeof dimension !== "string" || !["r", "f", "m", "rfm"].includes(dimension)) throw new SqlTranslationError(childPointer(path, "1"), 'the dimension must be "r", "f", "m" or "rfm", written in the rule');
    const model = this.rfm.get(modelName)!;
    const { event, property, recency, frequency, monetary } = model;
    if (!this.policy.events.has(event)) return this.number("0", false);
    const window = parseWindowDays(model.window, this.policy.horizonDays);
    if (!window.ok) throw new SqlTranslationError(childPointer(path, "0"), window.reason);
    const range = { fromDay: this.#today - window.days + 1 };
    const score = (value: string, limits: readonly number[], compare: ">=" | "<=") => `(1${limits.map((limit) => ` + (CASE WHEN ${value} ${compare} CAST(${this.parameters.add(limit)} AS ${this.dialect.doubleType}) THEN 1 ELSE 0 END)`).join("")})`;
    const last = this.edge(event, "max");
    const r = () => score(this.dialect.daysBetween(`CAST(${last} AS DATE)`, this.date(this.#today)), recency, "<=");
    const f = () => score(this.count(event, range), frequency, ">=");
    const m = () => {
      const decimals = property === undefined ? undefined : this.policy.events.get(event)?.properties.get(property);
      if (property === undefined || monetary === undefined) return "0";
      const sum = decimals === undefined ? "0" : (() => {
        const totals = this.totals(event, property, decimals, range, childPointer(path, "0"));
        return `(COALESCE(${totals.sum}, 0) / ${totals.unit})`;
      })();
      return score(sum, monetary, ">=");
    };
    const combined = dimension === "r" ? r() : dimension === "f" ? f() : dimension === "m" ? m() : `(${r()} * 100 + ${f()} * 10 + ${m()})`;
    return this.number(`(CASE WHEN ${last} IS NULL THEN 0 ELSE ${combined} END)`, false);
  }

  /**
   * Consecutive event days ending today, or yesterday while today has none, at most the days kept:
   * from the streak's first day back to the horizon of the user's last event (which may be after
   * today, within maxFutureMs).
   */
  private streak(name: string): string {
    const mask = this.dayMask(name);
    if (mask !== undefined) return `(CASE WHEN ${mask.bits} IS NULL THEN 0 ELSE ${mask.streak(mask.kept)} END)`;
    let alias = this.#streaks.get(name);
    if (alias === undefined) {
      alias = `${STREAK}${this.#streaks.size}`;
      this.#streaks.set(name, alias);
    }
    const cap = `${this.dialect.daysBetween(`CAST(${this.edge(name, "max")} AS DATE)`, `${alias}.start_day`)} + ${this.policy.horizonDays}`;
    return `(CASE WHEN ${alias}.run IS NULL THEN 0 ELSE GREATEST(0, LEAST(${alias}.run, ${cap})) END)`;
  }

  /**
   * Where the dialect has day masks and they hold the horizon: the user's days with the event as a
   * mask (bit k: k days before today; today back to one day past the horizon), NULL without any, and
   * how many of its lowest bits are days the aggregates keep.
   */
  private dayMask(name: string): { bits: string; kept: string; streak(kept: string): string; count(days: string): string } | undefined {
    const mask = this.dialect.dayMask;
    if (mask === undefined || this.policy.horizonDays + 1 > mask.days) return undefined;
    const daysAgo = this.dialect.daysBetween(`CAST(${this.time()} AS DATE)`, this.date(this.#today));
    const bits = this.feature(mask.or(`CASE WHEN ${this.when(name, { fromDay: this.#today - this.policy.horizonDays }, "none")} THEN ${mask.bit(daysAgo)} END`));
    // Kept: the days from lastDay − horizon + 1, so bits 0 … today − lastDay + horizon − 1.
    const kept = `(${this.dialect.daysBetween(`CAST(${this.edge(name, "max")} AS DATE)`, this.date(this.#today))} + ${this.policy.horizonDays})`;
    return { bits, kept, streak: (keptBits) => mask.streak(bits, keptBits), count: (days) => mask.count(bits, days) };
  }

  /** The streak table of one event: per user, the run of consecutive days back from the newest (today or yesterday), and that day. */
  private streakTable(name: string): string {
    const q = (identifier: string) => this.dialect.quote(identifier);
    const { table, userId } = this.#events;
    // Days before today − horizon − 1 cannot be in a streak of at most horizon days ending yesterday or today.
    const days = `(SELECT DISTINCT e.${q(userId)} AS u, CAST(${this.time()} AS DATE) AS d FROM ${q(table)} AS e WHERE e.${q(this.#events.name)} = CAST(${this.parameters.add(name)} AS ${this.dialect.textType}) AND ${this.time()} >= ${this.timestamp(this.#today - this.policy.horizonDays - 1)} AND ${this.time()} < ${this.timestamp(this.#today + 1)})`;
    const ranked = `(SELECT u, d, row_number() OVER (PARTITION BY u ORDER BY d DESC) AS rn, max(d) OVER (PARTITION BY u) AS newest FROM ${days} AS days)`;
    const run = `sum(CASE WHEN ${this.dialect.daysBetween("d", "newest")} = rn - 1 THEN 1 ELSE 0 END)`;
    return `(SELECT u, max(newest) AS start_day, CASE WHEN ${this.dialect.daysBetween("max(newest)", this.date(this.#today))} > 1 THEN 0 ELSE ${run} END AS run FROM ${ranked} AS ranked GROUP BY u)`;
  }

  /** The users' last event of each name whose kept days a query needs: ever, or only after today (before, it keeps the whole window). */
  private lastEvents(): string {
    const q = (identifier: string) => this.dialect.quote(identifier);
    const { table, userId } = this.#events;
    const tomorrow = this.timestamp(this.#today + 1);
    const onlyFuture = [...this.#retention.values()].every((retention) => retention === "future");
    const columns = [...this.#retention].map(([name, retention], index) => `max(CASE WHEN k.${q(this.#events.name)} = CAST(${this.#names.get(name)} AS ${this.dialect.textType})${retention === "future" && !onlyFuture ? ` AND k.${q(this.#events.time)} >= ${tomorrow}` : ""} THEN k.${q(this.#events.time)} END) AS l${index}`);
    const where = [`k.${q(this.#events.time)} <= ${this.limit()}`, ...(onlyFuture ? [`k.${q(this.#events.time)} >= ${tomorrow}`] : [])];
    return `(SELECT k.${q(userId)} AS u, ${columns.join(", ")} FROM ${q(table)} AS k WHERE ${where.join(" AND ")} GROUP BY k.${q(userId)})`;
  }

  /** The number of the user's events of `name` on the days of `range` (every event without one: the aggregates' total). */
  private count(name: string, range: DayRange): string {
    const aggregate = (condition: string) => `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
    return range === undefined ? `COALESCE(${this.feature(aggregate(this.when(name, undefined)))}, 0)` : this.windowed(name, range, aggregate, "sum");
  }

  /**
   * An aggregate of `name`'s events in a window, on the days the aggregates keep. The first days of
   * the window are kept unless the user's last event (which may be after today, within
   * maxFutureMs) is a horizon or more after them: those few days get an aggregate each, counted
   * only where they are kept; the rest of the window always is. With more such days than
   * MAX_EDGE_DAYS, the rows are tested against the users' last events (a join) instead.
   * `combine` "sum" answers 0 without rows; "min" and "max" answer NULL.
   */
  private windowed(name: string, range: { readonly fromDay: number }, aggregate: (condition: string) => string, combine: Combine): string {
    const lastEdge = utcDay(this.#limit) - this.policy.horizonDays;
    const edges = Math.max(0, lastEdge - range.fromDay + 1);
    if (edges > MAX_EDGE_DAYS) return this.orZero(this.feature(aggregate(this.when(name, range))), combine);
    const rest = this.orZero(this.feature(aggregate(this.when(name, { fromDay: range.fromDay + edges }, "none"))), combine);
    let total = rest;
    for (let day = range.fromDay; day < range.fromDay + edges; day++) {
      const part = this.feature(aggregate(this.when(name, { fromDay: day, toDay: day }, "none")));
      // Kept while the last event is on or before day + horizon − 1.
      const kept = `${this.dialect.daysBetween(`CAST(${this.edge(name, "max")} AS DATE)`, this.date(day + this.policy.horizonDays - 1))} >= 0`;
      if (combine === "sum") total = `${total} + (CASE WHEN ${kept} THEN COALESCE(${part}, 0) ELSE 0 END)`;
      else {
        const better = combine === "min" ? "<" : ">";
        total = `(CASE WHEN NOT (${kept}) OR ${part} IS NULL THEN ${total} WHEN ${total} IS NULL OR ${part} ${better} ${total} THEN ${part} ELSE ${total} END)`;
      }
    }
    return edges === 0 ? rest : `(${total})`;
  }

  private orZero(sql: string, combine: Combine): string {
    return combine === "sum" ? `COALESCE(${sql}, 0)` : sql;
  }

  /** The latest or earliest time of the user's events of `name` (NULL if none). */
  private edge(name: string, edge: "max" | "min"): string {
    return this.feature(`${edge}(CASE WHEN ${this.when(name, undefined)} THEN ${this.time()} END)`);
  }

  /**
   * An event row of `name` on the days of `range` (a window up to today), on a day the aggregates
   * keep. The days kept start `horizonDays` − 1 before the user's last event: a window reaches
   * them only when that event can be late enough (up to maxFutureMs after now), and every-day
   * property totals (`all`) always do.
   */
  private when(name: string, range: DayRange, retention?: Retention | "none"): string {
    const conditions = [`${this.eventColumn(this.#events.name)} = CAST(${this.nameToken(name)} AS ${this.dialect.textType})`];
    if (range !== undefined) {
      conditions.push(`${this.time()} >= ${this.timestamp(range.fromDay)}`, `${this.time()} < ${this.timestamp((range.toDay ?? this.#today) + 1)}`);
      if (utcDay(this.#limit) - this.policy.horizonDays + 1 > range.fromDay) retention ??= "future";
    }
    if (retention !== undefined && retention !== "none") {
      if (this.#retention.get(name) !== "all") this.#retention.set(name, retention);
      const index = [...this.#retention.keys()].indexOf(name);
      conditions.push(`(${LAST}.l${index} IS NULL OR ${this.dialect.daysBetween(`CAST(${this.time()} AS DATE)`, `CAST(${LAST}.l${index} AS DATE)`)} < ${this.policy.horizonDays})`);
    }
    return conditions.join(" AND ");
  }

  /** The behaviour table's column of an aggregate (the same aggregate twice is one column). */
  private feature(sql: string): string {
    let alias = this.#features.get(sql);
    if (alias === undefined) {
      alias = `f${this.#features.size}`;
      this.#features.set(sql, alias);
    }
    return `${BEHAVIOUR}.${alias}`;
  }

  private nameToken(name: string): string {
    let token = this.#names.get(name);
    if (token === undefined) {
      token = this.parameters.add(name);
      this.#names.set(name, token);
    }
    return token;
  }

  private window(value: unknown, path: string, required: boolean): number | undefined {
    if (value === undefined) {
      if (required) throw new SqlTranslationError(path, "this operator takes a window");
      return undefined;
    }
    const parsed = parseWindowDays(value, this.policy.horizonDays);
    if (!parsed.ok) throw new SqlTranslationError(path, parsed.reason);
    return parsed.days;
  }

  private eventName(value: unknown, path: string): string {
    if (typeof value !== "string" || value.length === 0) throw new SqlTranslationError(path, "the event must be a name written in the rule");
    return value;
  }

  private number(sql: string, nullable: boolean): Fragment {
    return { sql: `CAST(${sql} AS ${this.dialect.doubleType})`, type: "number", nullable };
  }

  private eventColumn(column: string): string {
    return `e.${this.dialect.quote(column)}`;
  }

  private time(): string {
    return this.eventColumn(this.#events.time);
  }

  private limit(): string {
    return `CAST(${this.parameters.add(isoInstant(this.#limit))} AS TIMESTAMP)`;
  }

  private timestamp(day: number): string {
    return `CAST(${this.parameters.add(isoInstant(day * DAY_MS).slice(0, 19))} AS TIMESTAMP)`;
  }

  private date(day: number): string {
    return `CAST(${this.parameters.add(isoInstant(day * DAY_MS).slice(0, 10))} AS DATE)`;
  }
}
