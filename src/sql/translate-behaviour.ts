/**
 * The behavioural operators of nudgekit/segments over a raw event log, with the aggregates'
 * semantics exactly: only the events the policy tracks, the events a fold at `now` accepts (none
 * later than now + maxFutureMs), windows of whole UTC days ending on now's day, the days kept
 * within the horizon of the user's last event, and a property's values rounded to its declared
 * decimals as the fold stores them.
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

/** An instant as ISO text without an offset (a UTC TIMESTAMP literal), to the millisecond. */
const isoInstant = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 23).replace("T", " ");

type EventsTable = NonNullable<AudienceSchema["events"]>;

/** The day filters of one operator's events: the days it reads, the days the aggregates keep. */
interface DayRange {
  /** First day read (inclusive), or undefined for every retained day. */
  readonly fromDay: number | undefined;
  /** Last day read (inclusive), or undefined for every day. */
  readonly toDay: number | undefined;
}

export class BehaviourTranslator {
  readonly #events: EventsTable;
  readonly #today: number;
  /** The latest event time a fold at `now` accepts. */
  readonly #limit: number;

  constructor(
    events: EventsTable,
    private readonly dialect: SqlDialect,
    private readonly parameters: SqlParameters,
    /** The user id the events belong to (the profiles table's id, qualified). */
    private readonly userId: string,
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
        const count = tracked ? this.count(name, days === undefined ? undefined : this.windowRange(days)) : "0";
        return operator === "event_count" ? this.number(count, false) : { sql: `(${count} = 0)`, type: "boolean", nullable: false };
      }
      case "active_days": {
        const days = this.window(args[1], childPointer(path, "1"), true) as number;
        if (!tracked) return this.number("0", false);
        return this.number(this.select(name, `count(DISTINCT CAST(e.${this.q(this.#events.time)} AS DATE))`, this.windowRange(days)), false);
      }
      case "streak_days":
        return this.number(tracked ? this.streak(name) : "0", false);
      case "last_seen":
      case "first_seen": {
        if (!tracked) return this.number("NULL", true);
        const time = `${operator === "last_seen" ? "max" : "min"}(e.${this.q(this.#events.time)})`;
        return this.number(this.select(name, this.dialect.epochMs(time)), true);
      }
      case "days_since_last":
      case "days_since_first": {
        if (!tracked) return this.number("NULL", true);
        const date = this.select(name, `CAST(${operator === "days_since_last" ? "max" : "min"}(e.${this.q(this.#events.time)}) AS DATE)`);
        return this.number(this.dialect.daysBetween(date, this.date(this.#today)), true);
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

  /** `event_sum` / `avg` / `min` / `max` [event, property, window?]: the sum of no values is 0, the others null. */
  private property(operator: string, name: string, args: readonly unknown[], path: string): Fragment {
    const property = args[1];
    if (typeof property !== "string" || property.length === 0) throw new SqlTranslationError(childPointer(path, "1"), "the property must be a name written in the rule");
    const days = this.window(args[2], childPointer(path, "2"), false);
    const decimals = this.policy.events.get(name)?.properties.get(property);
    if (decimals === undefined) return operator === "event_sum" ? this.number("0", false) : this.number("NULL", true);
    const value = this.propertyValue(property, childPointer(path, "1"));
    const unit = this.parameters.add(powerOfTen(decimals));
    const scaled = `(${value} * CAST(${unit} AS ${this.dialect.doubleType}))`;
    // Math.round: the nearest integer, halves toward +∞ (exact: a double minus its floor is exact).
    const rounded = `(CASE WHEN ${scaled} - floor(${scaled}) >= 0.5 THEN floor(${scaled}) + 1 ELSE floor(${scaled}) END)`;
    const statistic = {
      event_sum: `COALESCE(sum(r), 0) / CAST(${unit} AS ${this.dialect.doubleType})`,
      event_avg: `(sum(r) / CAST(${unit} AS ${this.dialect.doubleType})) / count(r)`,
      event_min: `min(r) / CAST(${unit} AS ${this.dialect.doubleType})`,
      event_max: `max(r) / CAST(${unit} AS ${this.dialect.doubleType})`,
    }[operator as "event_sum"];
    const range: DayRange = days === undefined ? { fromDay: undefined, toDay: undefined } : this.windowRange(days);
    const values = `(SELECT ${rounded} AS r FROM ${this.q(this.#events.table)} AS e WHERE ${this.conditions(name, range, true).join(" AND ")})`;
    // NaN, ±Infinity and values beyond ±2^53 units fail the range test, as the fold ignores them.
    return this.number(`(SELECT ${statistic} FROM ${values} AS v WHERE abs(r) <= ${MAX_SAFE})`, operator !== "event_sum");
  }

  /** A property's number: its column, or the JSON column's member when it is a JSON number (NULL otherwise). */
  private propertyValue(property: string, path: string): string {
    const columns = this.#events.properties;
    if (columns !== undefined && Object.hasOwn(columns, property)) return this.dialect.toDouble(`e.${this.q(columns[property]!)}`);
    if (this.#events.json !== undefined) {
      const { jsonNumber, name } = this.dialect;
      if (jsonNumber === undefined) throw new SqlTranslationError(path, `${name} cannot tell a JSON number from a JSON string: map the property ${JSON.stringify(property)} to a column in events.properties`);
      if ((name === "bigquery" || name === "trino") && !PLAIN_JSON_NAME.test(property)) throw new SqlTranslationError(path, `a property read from JSON in ${name} must be a plain name (letters, digits, _), got ${JSON.stringify(property)}: map it to a column in events.properties`);
      return jsonNumber(`e.${this.q(this.#events.json)}`, property, (value) => this.parameters.add(value));
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
    const score = (value: string, limits: readonly number[], compare: ">=" | "<=") => `(1${limits.map((limit) => ` + (CASE WHEN ${value} ${compare} CAST(${this.parameters.add(limit)} AS ${this.dialect.doubleType}) THEN 1 ELSE 0 END)`).join("")})`;
    const lastDate = this.select(event, `CAST(max(e.${this.q(this.#events.time)}) AS DATE)`);
    const r = () => score(this.dialect.daysBetween(lastDate, this.date(this.#today)), recency, "<=");
    const f = () => score(this.count(event, this.windowRange(window.days)), frequency, ">=");
    const m = () => {
      if (property === undefined || monetary === undefined) return "0";
      return score(this.property("event_sum", event, [event, property, `${window.days}d`], path).sql, monetary, ">=");
    };
    const combined = dimension === "r" ? r() : dimension === "f" ? f() : dimension === "m" ? m() : `(${r()} * 100 + ${f()} * 10 + ${m()})`;
    return this.number(`(CASE WHEN ${lastDate} IS NULL THEN 0 ELSE ${combined} END)`, false);
  }

  /** Consecutive event days ending today, or yesterday while today has none; only the days kept. */
  private streak(name: string): string {
    const time = `e.${this.q(this.#events.time)}`;
    const eventDays = `(SELECT DISTINCT CAST(${time} AS DATE) AS d FROM ${this.q(this.#events.table)} AS e WHERE ${this.conditions(name, { fromDay: undefined, toDay: this.#today }, true).join(" AND ")})`;
    const ranked = `(SELECT d, row_number() OVER (ORDER BY d DESC) AS rn, max(d) OVER () AS newest FROM ${eventDays} AS days)`;
    const run = `sum(CASE WHEN ${this.dialect.daysBetween("d", "newest")} = rn - 1 THEN 1 ELSE 0 END)`;
    return `(SELECT CASE WHEN max(newest) IS NULL OR ${this.dialect.daysBetween("max(newest)", this.date(this.#today))} > 1 THEN 0 ELSE ${run} END FROM ${ranked} AS ranked)`;
  }

  /** The number of the user's events of `name` on the days of `range` (every event without one: the aggregates' total). */
  private count(name: string, range: DayRange | undefined): string {
    return this.select(name, "count(*)", range);
  }

  /** A scalar subquery over the user's accepted events of `name`, on the days of `range` when given. */
  private select(name: string, expression: string, range?: DayRange): string {
    return `(SELECT ${expression} FROM ${this.q(this.#events.table)} AS e WHERE ${this.conditions(name, range, range !== undefined).join(" AND ")})`;
  }

  /**
   * The user's accepted events of `name`, on the days of `range`. `retained` keeps only the days
   * the aggregates keep — those within the horizon of the user's last event — where that can
   * differ from the range (the last event may be up to maxFutureMs after now).
   */
  private conditions(name: string, range: DayRange | undefined, retained: boolean): string[] {
    const time = `e.${this.q(this.#events.time)}`;
    const nameParameter = this.parameters.add(name);
    const limit = this.parameters.add(isoInstant(this.#limit));
    const base = (alias: string) => [
      `${alias}.${this.q(this.#events.userId)} = ${this.userId}`,
      `${alias}.${this.q(this.#events.name)} = CAST(${nameParameter} AS ${this.dialect.textType})`,
      `${alias}.${this.q(this.#events.time)} <= CAST(${limit} AS TIMESTAMP)`,
    ];
    const conditions = base("e");
    if (range?.fromDay !== undefined) conditions.push(`${time} >= ${this.timestamp(range.fromDay)}`);
    if (range?.toDay !== undefined) conditions.push(`${time} < ${this.timestamp(range.toDay + 1)}`);
    // Kept days are lastDay − horizon + 1 … ; the range's first day is at or after that unless the last event is late enough.
    const latestLastDay = utcDay(this.#limit);
    const needed = range?.fromDay === undefined || latestLastDay - this.policy.horizonDays + 1 > range.fromDay;
    if (retained && needed) {
      const lastDate = `(SELECT CAST(max(k.${this.q(this.#events.time)}) AS DATE) FROM ${this.q(this.#events.table)} AS k WHERE ${base("k").join(" AND ")})`;
      conditions.push(`${this.dialect.daysBetween(`CAST(${time} AS DATE)`, lastDate)} < ${this.policy.horizonDays}`);
    }
    return conditions;
  }

  /** A window of N days: today and the N − 1 days before it. */
  private windowRange(days: number): DayRange {
    return { fromDay: this.#today - days + 1, toDay: this.#today };
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

  private timestamp(day: number): string {
    return `CAST(${this.parameters.add(isoInstant(day * DAY_MS).slice(0, 19))} AS TIMESTAMP)`;
  }

  private date(day: number): string {
    return `CAST(${this.parameters.add(isoInstant(day * DAY_MS).slice(0, 10))} AS DATE)`;
  }

  private q(identifier: string): string {
    return this.dialect.quote(identifier);
  }
}
