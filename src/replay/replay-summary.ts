import type { DecideResult } from "../engine/engine-types.js";
import { JourneyReport } from "./journey-report.js";

/**
 * What one user has already been counted for in a summary: the campaigns that reached them and the
 * variants they were exposed to. Kept with the user's state (and dropped with it), so that a summary
 * counts distinct users without holding a set of every user.
 */
export class UserReach {
  readonly campaigns = new Set<string>();
  /** Per campaign, the variants (or "holdout") the user was exposed to. */
  readonly exposures = new Map<string, Set<string>>();
  /** The (journey, entry, node) the user's journey runs reached (each counted once). */
  readonly journeyNodes = new Set<string>();
}

const addCount = (map: Map<string, number>, key: string, count: number): void => void map.set(key, (map.get(key) ?? 0) + count);

/**
 * Counts a replay accumulates from every `decide` and `due` result. Every field is a count, a
 * minimum or a maximum, so that the summaries of disjoint sets of users merge into the summary of
 * all of them (`merge`).
 */
export class ReplaySummary {
  /** Events decided. */
  events = 0;
  /** Lines of the input files that were skipped (set by whoever read them: `nudgekit replay`). */
  skippedLines = 0;
  /** Skipped lines per reason (`not-json`, `invalid-time`, …), when the input came from files. */
  readonly skippedByReason = new Map<string, number>();
  /** Lines used despite a problem (a user's unknown time zone). */
  warnings = 0;
  /** Events not decided because the same user's event with the same id already was (a redelivery). */
  duplicates = 0;
  /** Calls the engine threw on: the event was skipped, or the due check dropped. */
  engineErrors = 0;
  /** Distinct users with at least one valid event. */
  users = 0;
  decideCalls = 0;
  dueCalls = 0;
  decisions = 0;
  deferred = 0;
  pendingCreated = 0;
  /** Per campaign: messages, and distinct users they went to. */
  readonly reach = new Map<string, { messages: number; users: number }>();
  /** Per campaign, per variant (or "holdout"): distinct users exposed. */
  readonly variants = new Map<string, Map<string, number>>();
  readonly channels = new Map<string, number>();
  /** "step/reason" → count. */
  readonly suppressions = new Map<string, number>();
  /** Per journey: entered, reached each node, converted, exited by reason, median time to goal. */
  readonly journeys = new JourneyReport();
  /** The earliest and the latest event time. */
  firstTime: number | null = null;
  lastTime: number | null = null;

  /**
   * Counts one result for the user whose `reach` is given (what that user was already counted for).
   * From `due`, a campaign that is simply not due yet (its trigger step says no: not yet, still
   * active, not in the segment, already sent) is not a suppression; a cancelled delayed trigger is.
   */
  add(result: DecideResult, user: UserReach, fromDue = false): void {
    this.journeys.add(result, user.journeyNodes);
    for (const decision of result.decisions) {
      this.decisions++;
      if (decision.deferred) this.deferred++;
      let reach = this.reach.get(decision.campaignId);
      if (reach === undefined) this.reach.set(decision.campaignId, (reach = { messages: 0, users: 0 }));
      reach.messages++;
      if (!user.campaigns.has(decision.campaignId)) {
        user.campaigns.add(decision.campaignId);
        reach.users++;
      }
      addCount(this.channels, decision.channel, 1);
    }
    for (const suppression of result.suppressed) {
      if (fromDue && suppression.step === "trigger" && suppression.reason !== "cancelled") continue;
      addCount(this.suppressions, `${suppression.step}/${suppression.reason}`, 1);
    }
    for (const record of result.records) {
      if (record.type === "pending") this.pendingCreated++;
      if (record.type !== "exposure") continue;
      const { exposure } = record;
      const variant = exposure.holdout === true ? "holdout" : (exposure.variant ?? "none");
      let seen = user.exposures.get(exposure.campaign);
      if (seen === undefined) user.exposures.set(exposure.campaign, (seen = new Set()));
      if (seen.has(variant)) continue;
      seen.add(variant);
      let byVariant = this.variants.get(exposure.campaign);
      if (byVariant === undefined) this.variants.set(exposure.campaign, (byVariant = new Map()));
      addCount(byVariant, variant, 1);
    }
  }

  /** Notes an event's time (the summary's `from` and `to`). */
  addTime(time: number): void {
    if (this.firstTime === null || time < this.firstTime) this.firstTime = time;
    if (this.lastTime === null || time > this.lastTime) this.lastTime = time;
  }

  /**
   * Adds the counts of `other`, the summary of other users (no user may be in both: users are
   * counted once in each summary they are in). Returns this summary.
   *
   * @example
   * const all = new ReplaySummary().merge(someUsers).merge(theOthers);
   */
  merge(other: ReplaySummary): this {
    this.events += other.events;
    this.skippedLines += other.skippedLines;
    for (const [reason, count] of other.skippedByReason) addCount(this.skippedByReason, reason, count);
    this.warnings += other.warnings;
    this.duplicates += other.duplicates;
    this.engineErrors += other.engineErrors;
    this.users += other.users;
    this.decideCalls += other.decideCalls;
    this.dueCalls += other.dueCalls;
    this.decisions += other.decisions;
    this.deferred += other.deferred;
    this.pendingCreated += other.pendingCreated;
    for (const [campaign, reach] of other.reach) {
      const mine = this.reach.get(campaign);
      if (mine === undefined) this.reach.set(campaign, { ...reach });
      else {
        mine.messages += reach.messages;
        mine.users += reach.users;
      }
    }
    for (const [campaign, variants] of other.variants) {
      let mine = this.variants.get(campaign);
      if (mine === undefined) this.variants.set(campaign, (mine = new Map()));
      for (const [variant, users] of variants) addCount(mine, variant, users);
    }
    for (const [channel, count] of other.channels) addCount(this.channels, channel, count);
    for (const [key, count] of other.suppressions) addCount(this.suppressions, key, count);
    this.journeys.merge(other.journeys);
    if (other.firstTime !== null) this.addTime(other.firstTime);
    if (other.lastTime !== null) this.addTime(other.lastTime);
    return this;
  }

  /** The summary as plain JSON (sorted, so two runs compare equal). */
  toJSON(): Record<string, unknown> {
    const sorted = <T>(map: Map<string, T>): [string, T][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      events: this.events,
      skippedLines: this.skippedLines,
      skipped: Object.fromEntries(sorted(this.skippedByReason)),
      warnings: this.warnings,
      duplicates: this.duplicates,
      engineErrors: this.engineErrors,
      users: this.users,
      from: this.firstTime === null ? null : new Date(this.firstTime).toISOString(),
      to: this.lastTime === null ? null : new Date(this.lastTime).toISOString(),
      decideCalls: this.decideCalls,
      dueCalls: this.dueCalls,
      decisions: this.decisions,
      deferred: this.deferred,
      pendingCreated: this.pendingCreated,
      reach: Object.fromEntries(sorted(this.reach).map(([campaign, reach]) => [campaign, { users: reach.users, messages: reach.messages }])),
      variants: Object.fromEntries(sorted(this.variants).map(([campaign, variants]) => [campaign, Object.fromEntries(sorted(variants))])),
      channels: Object.fromEntries(sorted(this.channels)),
      suppressions: Object.fromEntries(sorted(this.suppressions)),
      journeys: this.journeys.toJSON(),
    };
  }
}
