/**
 * What a translation is given besides the rules — the schema of the data, the instant, the
 * aggregation policy and RFM models — validated once, at the boundary, into what the translator reads.
 */
import { z } from "../validation/csp-safe-zod.js";
import { EXPECTED_FORM_MESSAGES } from "../validation/zod-issue-message.js";
import { zodProblems } from "../validation/zod-problems.js";
import { isPlainObject } from "../json/plain-object.js";
import { childPointer } from "../json/json-pointer.js";
import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../validation/located-problems.js";
import { compileAggregatePolicy, type AggregatePolicyInput } from "../segments/aggregates/aggregate-policy.js";
import type { AggregatePolicy } from "../segments/aggregates/aggregate-policy-model.js";
import { rfmModelSchema, type ParsedRfmModel, type RfmModel } from "../segments/operators/rfm-model-schema.js";
import type { AudienceSchema } from "./audience-schema.js";

/** Options of `segmentRuleToSql` and `segmentsToSql`. */
export interface SqlTranslationOptions {
  /** The instant the query answers for (epoch ms): behavioural windows are UTC days up to its day. */
  readonly now?: number;
  /**
   * The aggregation policy (an engine config's `behaviour`): the events the aggregates track (an
   * untracked event counts 0, as in JavaScript), their numeric properties' decimals, the horizon.
   * Required by the behavioural operators.
   */
  readonly behaviour?: AggregatePolicyInput | AggregatePolicy;
  /** RFM models by name, for `rfm_score` (as `compileSegments` takes them). */
  readonly rfm?: Readonly<Record<string, RfmModel>>;
}

/** Thrown when the audience schema or the options are invalid; lists every problem with its JSON pointer. */
export class AudienceSchemaError extends LocatedProblemsError {
  constructor(subject: string, problems: readonly LocatedProblem[]) {
    super(`invalid ${subject}: ${summarizeProblems(problems, "the root", "invalid value")}`, problems);
    this.name = "AudienceSchemaError";
  }
}

const identifier = z.string().min(1).max(256).refine((name) => !name.includes("\u0000"), { message: "must not contain NUL characters" });

/** A record read by own keys (zod's z.record drops a "__proto__" key, which is a fine attribute path here). */
const ownKeys = <T extends z.ZodType>(value: T, what: string) =>
  z.custom<Record<string, z.output<T>>>(isPlainObject, { message: `must be an object of ${what}` }).superRefine((record, context) => {
    for (const key of Object.keys(record)) {
      const parsed = value.safeParse(record[key], EXPECTED_FORM_MESSAGES);
      if (!parsed.success) for (const issue of parsed.error.issues) context.addIssue({ ...issue, code: "custom", path: [key, ...issue.path] } as never);
    }
  });

const audienceSchemaSchema = z.strictObject({
  profiles: z.strictObject({
    table: identifier,
    id: identifier,
    attributes: ownKeys(z.strictObject({ column: identifier, type: z.enum(["number", "text", "boolean"]) }), "attribute columns"),
  }),
  events: z
    .strictObject({
      table: identifier,
      userId: identifier,
      name: identifier,
      time: identifier,
      properties: ownKeys(identifier, "property columns").optional(),
      json: identifier.optional(),
    })
    .optional(),
});

/** The instants a query may answer for: SQL's timestamps hold years 1–9999, and a window reaches back up to 3,660 days. */
const EARLIEST_NOW = Date.parse("0011-01-02T00:00:00Z");
const LATEST_NOW = Date.parse("9998-12-31T00:00:00Z");

/** What the translator reads: the checked schema, policy and models. */
export interface ResolvedSqlOptions {
  readonly schema: AudienceSchema;
  readonly now: number | undefined;
  readonly policy: AggregatePolicy | undefined;
  readonly rfm: ReadonlyMap<string, ParsedRfmModel>;
}

/** The schema and options, checked (AudienceSchemaError lists what is wrong). */
export function resolveSqlOptions(schema: AudienceSchema, options: SqlTranslationOptions): ResolvedSqlOptions {
  const parsed = audienceSchemaSchema.safeParse(schema, EXPECTED_FORM_MESSAGES);
  if (!parsed.success) throw new AudienceSchemaError("audience schema", zodProblems(parsed.error));
  const { now, behaviour, rfm } = options;
  // SQL timestamps are years 1–9999: now, its window starts and now + maxFutureMs stay inside.
  if (now !== undefined && !(typeof now === "number" && now >= EARLIEST_NOW && now <= LATEST_NOW)) throw new AudienceSchemaError("SQL options", [{ path: "/now", message: `must be an instant in epoch milliseconds from 0011-01-02 to 9998-12-31, got ${String(now)}` }]);
  const models = new Map<string, ParsedRfmModel>();
  const problems: LocatedProblem[] = [];
  if (rfm !== undefined) {
    if (!isPlainObject(rfm)) problems.push({ path: "/rfm", message: "must be an object of RFM models" });
    else
      for (const name of Object.keys(rfm)) {
        const model = rfmModelSchema.safeParse(rfm[name], EXPECTED_FORM_MESSAGES);
        if (model.success) models.set(name, model.data);
        else for (const problem of zodProblems(model.error)) problems.push({ ...problem, path: `${childPointer("/rfm", name)}${problem.path}` });
      }
  }
  if (problems.length > 0) throw new AudienceSchemaError("SQL options", problems);
  // The schema is read as given (own keys; the check above proved its shape).
  return { schema, now, policy: behaviour === undefined ? undefined : compileAggregatePolicy(behaviour), rfm: models };
}
