/**
 * A hand-written DuckDB query computing the same 20 memberships as `segmentsToSql` for the corpus
 * of bench/segments/segment-corpus.ts, shaped the other way round: the event log is scanned once
 * and pre-aggregated per user, event and UTC day (count, and the purchase amounts rounded as the
 * fold stores them), the days the aggregates would not keep (older than the horizon before the
 * user's last event of that name) are marked, then one GROUP BY user gives every count, sum,
 * active-day count, first / last day the rules ask for, and a window over the app-open days gives
 * the streak. Profiles are joined to that once.
 *
 * Not nudgekit's output and not general: written for this corpus (its thresholds and windows are
 * inlined) to measure what that shape costs on the same data, for the translator's owner. The
 * benchmark checks that it counts the same members as the translated SQL in every segment.
 */
import { DAY_MS, utcDay } from "../../src/segments/aggregates/utc-day.js";

/** The largest integer a fold stores: larger scaled values are ignored (as the translator does). */
const MAX_SAFE = "9007199254740991";

const dateLiteral = (day: number): string => `DATE '${new Date(day * DAY_MS).toISOString().slice(0, 10)}'`;

/** RFM's score of a value: 1 plus one per limit it reaches. */
const score = (value: string, limits: readonly number[], compare: ">=" | "<="): string => `(1${limits.map((limit) => ` + (CASE WHEN ${value} ${compare} ${limit} THEN 1 ELSE 0 END)`).join("")})`;

/** The day arithmetic both queries share, for `now`: today, the last instant read, windows ending today, days to today, amounts rounded. */
function dayTerms(now: number, maxFutureMs: number) {
  const today = utcDay(now);
  const scaled = "(amount * 100.0)";
  return {
    today,
    limit: new Date(now + maxFutureMs).toISOString().slice(0, 23).replace("T", " "),
    since: (days: number): string => `d BETWEEN ${dateLiteral(today - days + 1)} AND ${dateLiteral(today)}`,
    daysTo: (column: string): string => `date_diff('day', ${column}, ${dateLiteral(today)})`,
    // Math.round(amount × 100): halves toward +∞, as the fold and the translator round.
    rounded: `(CASE WHEN ${scaled} - floor(${scaled}) >= 0.5 THEN floor(${scaled}) + 1 ELSE floor(${scaled}) END)`,
  };
}

/** The columns the conditions read that the two queries compute differently: the 90-day purchase figures and the streak. */
interface PerUserColumns {
  readonly purchases90: string;
  readonly units90: string;
  readonly valued90: string;
  readonly streak: string;
}

/** Each segment's condition over the profile `p` and the per-user columns `u`, for the corpus's ids; an id without one is an error. */
function segmentConditions(ids: readonly string[], daysTo: (column: string) => string, columns: PerUserColumns): Record<string, string> {
  const { purchases90, units90, valued90, streak } = columns;
  const spend90 = `(COALESCE(${units90}, 0) / 100.0)`;
  const conditions: Record<string, string> = {
    "paying-plan": "COALESCE(p.plan IN ('pro', 'team'), FALSE)",
    admins: "COALESCE(p.role = 'admin', FALSE)",
    eu: "COALESCE(p.country IN ('FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'PT', 'IE', 'AT', 'PL'), FALSE)",
    mobile: "COALESCE(p.platform IN ('ios', 'android'), FALSE)",
    // The versions of this data are plain x.y.z: compared as lists of numbers.
    "modern-app": "COALESCE(list_transform(string_split(p.app_version, '.'), x -> CAST(x AS BIGINT)) >= [5, 2, 0], FALSE)",
    "buyers-30d": "COALESCE(u.purchases_30d, 0) >= 3",
    dormant: `COALESCE(${daysTo("u.app_last")}, 0) >= 30`,
    "daily-this-week": "COALESCE(u.app_days_7d, 0) = 7",
    "big-spenders": `${spend90} > 200`,
    "on-a-streak": `COALESCE(${streak}, 0) >= 5`,
    "never-purchased": "COALESCE(u.purchases, 0) = 0",
    "cart-abandoners": "COALESCE(u.carts_7d, 0) >= 1 AND COALESCE(u.purchases_7d, 0) = 0",
    "rfm-champions": `(CASE WHEN u.purchase_last IS NULL THEN 0 ELSE ${score(daysTo("u.purchase_last"), [7, 30, 60, 90], "<=")} * 100 + ${score(purchases90, [2, 4, 8, 16], ">=")} * 10 + ${score(spend90, [50, 150, 400, 1000], ">=")} END) >= 444`,
    "high-basket": `COALESCE((${units90} / 100.0) / ${valued90}, 0) >= 80`,
    "new-users": `COALESCE(${daysTo("u.app_first")}, 0) <= 7`,
  };
  conditions["engaged-mobile"] = `COALESCE(u.app_days_30d, 0) >= 10 AND ${conditions.mobile}`;
  conditions["eu-paying-buyers"] = `${conditions.eu} AND ${conditions["paying-plan"]} AND ${conditions["buyers-30d"]}`;
  conditions["win-back"] = `COALESCE(u.pushes_30d, 0) < 1 AND ${conditions.dormant} AND NOT (${conditions["never-purchased"]})`;
  conditions.upsell = `COALESCE(p.plan = 'free', FALSE) AND ${purchases90} >= 2 AND NOT (${conditions["paying-plan"]})`;
  conditions["at-risk-spenders"] = `COALESCE(${daysTo("u.app_last")}, 0) >= 14 AND ${conditions["big-spenders"]}`;
  for (const id of ids) if (conditions[id] === undefined) throw new Error(`no hand-written condition for ${id}`);
  return conditions;
}

/** The query: one row, `profiles` then one member count per segment in the order of `ids`. */
export function preAggregatedCountingSql(ids: readonly string[], now: number, maxFutureMs: number, horizonDays: number): string {
  const { today, limit, since, daysTo, rounded } = dayTerms(now, maxFutureMs);
  const conditions = segmentConditions(ids, daysTo, { purchases90: "COALESCE(u.purchases_90d, 0)", units90: "u.units_90d", valued90: "u.valued_90d", streak: "s.streak" });

  return `
    WITH daily AS (
      SELECT user_id, name, CAST(time AS DATE) AS d, count(*) AS n,
        sum(r) FILTER (WHERE abs(r) <= ${MAX_SAFE}) AS units, count(r) FILTER (WHERE abs(r) <= ${MAX_SAFE}) AS valued
      FROM (SELECT user_id, name, time, ${rounded} AS r FROM events
            WHERE time <= TIMESTAMP '${limit}' AND name IN ('app_open', 'purchase', 'add_to_cart', 'push_open'))
      GROUP BY ALL
    ), days AS (
      SELECT *, date_diff('day', d, max(d) OVER (PARTITION BY user_id, name)) < ${horizonDays} AS kept FROM daily
    ), per_user AS (
      SELECT user_id,
        sum(n) FILTER (WHERE name = 'purchase') AS purchases,
        sum(n) FILTER (WHERE name = 'purchase' AND kept AND ${since(30)}) AS purchases_30d,
        sum(n) FILTER (WHERE name = 'purchase' AND kept AND ${since(90)}) AS purchases_90d,
        sum(n) FILTER (WHERE name = 'purchase' AND kept AND ${since(7)}) AS purchases_7d,
        sum(n) FILTER (WHERE name = 'add_to_cart' AND kept AND ${since(7)}) AS carts_7d,
        sum(n) FILTER (WHERE name = 'push_open' AND kept AND ${since(30)}) AS pushes_30d,
        count(*) FILTER (WHERE name = 'app_open' AND kept AND ${since(7)}) AS app_days_7d,
        count(*) FILTER (WHERE name = 'app_open' AND kept AND ${since(30)}) AS app_days_30d,
        sum(units) FILTER (WHERE name = 'purchase' AND kept AND ${since(90)}) AS units_90d,
        sum(valued) FILTER (WHERE name = 'purchase' AND kept AND ${since(90)}) AS valued_90d,
        max(d) FILTER (WHERE name = 'app_open') AS app_last,
        min(d) FILTER (WHERE name = 'app_open') AS app_first,
        max(d) FILTER (WHERE name = 'purchase') AS purchase_last
      FROM days GROUP BY user_id
    ), streaks AS (
      SELECT user_id, CASE WHEN date_diff('day', max(newest), ${dateLiteral(today)}) > 1 THEN 0 ELSE count(*) FILTER (WHERE date_diff('day', d, newest) = rn - 1) END AS streak
      FROM (SELECT user_id, d, row_number() OVER (PARTITION BY user_id ORDER BY d DESC) AS rn, max(d) OVER (PARTITION BY user_id) AS newest
            FROM days WHERE name = 'app_open' AND kept AND d <= ${dateLiteral(today)})
      GROUP BY user_id
    ), members AS (
      SELECT ${ids.map((id) => `(${conditions[id]}) AS "${id}"`).join(", ")}
      FROM profiles AS p LEFT JOIN per_user AS u ON u.user_id = p.id LEFT JOIN streaks AS s ON s.user_id = p.id
    )
    SELECT count(*) AS profiles, ${ids.map((id) => `count(*) FILTER (WHERE "${id}")`).join(", ")} FROM members`;
}

/**
 * The same memberships from one scan of the event log and one GROUP BY user (no per-day step):
 * counts and sums per window with FILTER, active days as count(DISTINCT day), the streak from the
 * list of app-open days. The horizon is applied where it can matter: a 90-day window loses its
 * first day when the user's last event of that name is tomorrow (up to now + maxFutureMs).
 */
export function perUserCountingSql(ids: readonly string[], now: number, maxFutureMs: number, horizonDays: number): string {
  const { today, limit, since, daysTo, rounded } = dayTerms(now, maxFutureMs);
  const latestDay = utcDay(now + maxFutureMs);
  // The first day of a 90-day window is not kept when the user's last purchase is on a day ≥ that day + horizon.
  const firstDay90 = today - 89;
  const lost = (column: string): string => (latestDay - firstDay90 >= horizonDays ? `(CASE WHEN date_diff('day', ${dateLiteral(firstDay90)}, u.purchase_last) >= ${horizonDays} THEN COALESCE(${column}_edge, 0) ELSE 0 END)` : "0");
  const conditions = segmentConditions(ids, daysTo, {
    purchases90: `(COALESCE(u.purchases_90d, 0) - ${lost("u.purchases")})`,
    units90: `(u.units_90d - ${lost("u.units")})`,
    valued90: `(u.valued_90d - ${lost("u.valued")})`,
    streak: "u.streak",
  });
  const valid = `abs(r) <= ${MAX_SAFE}`;
  // Days of app opens held in a 126-bit mask (HUGEINT): more than the horizon, so every kept day before today fits.
  const MASK_DAYS = 126;
  if (horizonDays + 1 > MASK_DAYS) throw new RangeError("the horizon does not fit the day mask");
  return `
    WITH per_user AS (
      SELECT user_id,
        count(*) FILTER (WHERE name = 'purchase') AS purchases,
        count(*) FILTER (WHERE name = 'purchase' AND ${since(30)}) AS purchases_30d,
        count(*) FILTER (WHERE name = 'purchase' AND ${since(90)}) AS purchases_90d,
        count(*) FILTER (WHERE name = 'purchase' AND d = ${dateLiteral(firstDay90)}) AS purchases_edge,
        count(*) FILTER (WHERE name = 'purchase' AND ${since(7)}) AS purchases_7d,
        count(*) FILTER (WHERE name = 'add_to_cart' AND ${since(7)}) AS carts_7d,
        count(*) FILTER (WHERE name = 'push_open' AND ${since(30)}) AS pushes_30d,
        bit_or(CAST(1 AS HUGEINT) << CAST(date_diff('day', d, ${dateLiteral(today)}) AS HUGEINT)) FILTER (WHERE name = 'app_open' AND ${since(MASK_DAYS)}) AS app_mask,
        sum(r) FILTER (WHERE name = 'purchase' AND ${since(90)} AND ${valid}) AS units_90d,
        sum(r) FILTER (WHERE name = 'purchase' AND d = ${dateLiteral(firstDay90)} AND ${valid}) AS units_edge,
        count(r) FILTER (WHERE name = 'purchase' AND ${since(90)} AND ${valid}) AS valued_90d,
        count(r) FILTER (WHERE name = 'purchase' AND d = ${dateLiteral(firstDay90)} AND ${valid}) AS valued_edge,
        max(d) FILTER (WHERE name = 'app_open') AS app_last,
        min(d) FILTER (WHERE name = 'app_open') AS app_first,
        max(d) FILTER (WHERE name = 'purchase') AS purchase_last
      FROM (SELECT user_id, name, CAST(time AS DATE) AS d, ${rounded} AS r FROM events
            WHERE time <= TIMESTAMP '${limit}' AND name IN ('app_open', 'purchase', 'add_to_cart', 'push_open'))
      GROUP BY user_id
    ), streaks AS (
      -- Bit i of the mask: an app open i days before today. The kept days end where the horizon of the last app open does;
      -- the streak is the run of ones from bit 0, or from bit 1 when bit 0 is clear (m & ~(m + 1) isolates the trailing ones).
      SELECT *, bit_count(kept & (CAST(1 AS HUGEINT) << 7) - 1) AS app_days_7d, bit_count(kept & (CAST(1 AS HUGEINT) << 30) - 1) AS app_days_30d,
        CASE WHEN kept & 1 = 1 THEN bit_count(kept & ~(kept + 1)) WHEN kept & 2 = 2 THEN bit_count((kept >> 1) & ~((kept >> 1) + 1)) ELSE 0 END AS streak
      FROM (SELECT *, CASE WHEN app_last IS NULL THEN CAST(0 AS HUGEINT)
                           ELSE app_mask & ((CAST(1 AS HUGEINT) << CAST(least(${MASK_DAYS}, greatest(0, date_diff('day', app_last, ${dateLiteral(today)}) + ${horizonDays})) AS HUGEINT)) - 1) END AS kept
            FROM per_user)
    ), members AS (
      SELECT ${ids.map((id) => `(${conditions[id]}) AS "${id}"`).join(", ")}
      FROM profiles AS p LEFT JOIN streaks AS u ON u.user_id = p.id
    )
    SELECT count(*) AS profiles, ${ids.map((id) => `count(*) FILTER (WHERE "${id}")`).join(", ")} FROM members`;
}
