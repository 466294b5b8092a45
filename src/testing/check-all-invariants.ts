import { checkCriticalNotInAppOnly, type CriticalNotInAppOnlyReport } from "./check-critical-not-in-app-only.js";
import { checkDailyMessageLimit, type DailyMessageLimitOptions, type DailyMessageLimitReport } from "./check-daily-message-limit.js";
import { checkCampaignLayers, type LayerExclusivityReport } from "./check-layer-exclusivity.js";
import { checkReachability, type ReachabilityReport } from "./check-reachability.js";
import { InvariantError, type InvariantReport } from "./invariant-report.js";

/** The daily limit's options; `seed` goes to every check, `numRuns` and `users` to those that generate users. */
export type AllInvariantsOptions = DailyMessageLimitOptions;

export interface AllInvariantsReport {
  readonly ok: boolean;
  /** Each failing check's message, or a one-line summary when all hold. */
  readonly message: string;
  /** Cases run by all checks together. */
  readonly runs: number;
  readonly reports: {
    readonly dailyMessageLimit: DailyMessageLimitReport;
    readonly reachability: ReachabilityReport;
    readonly layerExclusivity: LayerExclusivityReport;
    readonly criticalNotInAppOnly: CriticalNotInAppOnlyReport;
  };
}

/** Runs the four checks on one config. Never throws for a failed invariant or an invalid config. */
export function checkAllInvariants(config: unknown, options: AllInvariantsOptions): AllInvariantsReport {
  const seed = { ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.timeZones === undefined ? {} : { timeZones: options.timeZones }) };
  const shared = { ...seed, ...(options.numRuns === undefined ? {} : { numRuns: options.numRuns }), ...(options.users === undefined ? {} : { users: options.users }) };
  const reports = {
    dailyMessageLimit: checkDailyMessageLimit(config, options),
    reachability: checkReachability(config, shared),
    layerExclusivity: checkCampaignLayers(config, seed),
    criticalNotInAppOnly: checkCriticalNotInAppOnly(config, shared),
  };
  const all: InvariantReport<unknown>[] = Object.values(reports);
  const failed = all.filter((report) => !report.ok);
  const runs = all.reduce((sum, report) => sum + report.runs, 0);
  const message = failed.length === 0 ? `all ${all.length} invariants hold (${runs} cases)` : failed.map((report) => `${report.invariant}: ${report.message}`).join("\n\n");
  return { ok: failed.length === 0, message, runs, reports };
}

/** `checkAllInvariants`, throwing an InvariantError naming every invariant that does not hold. */
export function assertAllInvariants(config: unknown, options: AllInvariantsOptions): AllInvariantsReport {
  const report = checkAllInvariants(config, options);
  if (!report.ok) {
    const failed = Object.values(report.reports).filter((entry) => !entry.ok);
    throw new InvariantError({ invariant: failed.map((entry) => entry.invariant).join(", "), ok: false, runs: report.runs, message: report.message });
  }
  return report;
}
