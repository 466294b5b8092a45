import type { DecideResult } from "../engine/engine-types.js";

/** Counts a replay accumulates from every `decide` and `due` result. */
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
  users = 0;
  decideCalls = 0;
  dueCalls = 0;
  decisions = 0;
  deferred = 0;
  pendingCreated = 0;
  readonly reach = new Map<string, { messages: number; users: Set<string> }>();
  /** Per campaign, per variant (or "holdout"): users exposed. */
  readonly variants = new Map<string, Map<string, Set<string>>>();
  readonly channels = new Map<string, number>();
  /** "step/reason" → count. */
  readonly suppressions = new Map<string, number>();
  firstTime: number | null = null;
  lastTime: number | null = null;

  /**
   * Counts one result. From `due`, a campaign that is simply not due yet (its trigger step says no:
   * not yet, still active, not in the segment, already sent) is not a suppression; a cancelled
   * delayed trigger is.
   */
  add(userId: string, result: DecideResult, fromDue = false): void {
    for (const decision of result.decisions) {
      this.decisions++;
      if (decision.deferred) this.deferred++;
      let reach = this.reach.get(decision.campaignId);
      if (reach === undefined) this.reach.set(decision.campaignId, (reach = { messages: 0, users: new Set() }));
      reach.messages++;
      reach.users.add(userId);
      this.channels.set(decision.channel, (this.channels.get(decision.channel) ?? 0) + 1);
    }
    for (const suppression of result.suppressed) {
      if (fromDue && suppression.step === "trigger" && suppression.reason !== "cancelled") continue;
      const key = `${suppression.step}/${suppression.reason}`;
      this.suppressions.set(key, (this.suppressions.get(key) ?? 0) + 1);
    }
    for (const record of result.records) {
      if (record.type === "pending") this.pendingCreated++;
      if (record.type !== "exposure") continue;
      const { exposure } = record;
      const variant = exposure.holdout === true ? "holdout" : (exposure.variant ?? "none");
      let byVariant = this.variants.get(exposure.campaign);
      if (byVariant === undefined) this.variants.set(exposure.campaign, (byVariant = new Map()));
      let users = byVariant.get(variant);
      if (users === undefined) byVariant.set(variant, (users = new Set()));
      users.add(userId);
    }
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
      reach: Object.fromEntries(sorted(this.reach).map(([campaign, reach]) => [campaign, { users: reach.users.size, messages: reach.messages }])),
      variants: Object.fromEntries(sorted(this.variants).map(([campaign, variants]) => [campaign, Object.fromEntries(sorted(variants).map(([variant, users]) => [variant, users.size]))])),
      channels: Object.fromEntries(sorted(this.channels)),
      suppressions: Object.fromEntries(sorted(this.suppressions)),
    };
  }
}
