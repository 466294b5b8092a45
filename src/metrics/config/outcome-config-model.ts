import type { CompiledRule } from "../../rules/compile-options.js";
import type { AttributionModel } from "../events/outcome-vocabulary.js";

/** One conversion definition, ready for the fold. `index` is its place among all the config's definitions. */
export interface ConversionRule {
  readonly index: number;
  readonly id: string;
  readonly campaign: string;
  readonly event: string;
  /** Null: every event named `event` matches. */
  readonly where: CompiledRule | null;
  readonly windowMs: number;
  /** The rank of the anchor outcome (see read-metrics-event.ts). */
  readonly anchorRank: number;
  readonly once: boolean;
}

/** A campaign's experiment as the reports read it: arms in allocation order, their weights, the control. */
export interface ExperimentArms {
  readonly id: string;
  readonly campaign: string;
  readonly arms: readonly string[];
  readonly weights: readonly number[];
  readonly control: string | null;
}

export interface CampaignOutcomes {
  readonly id: string;
  readonly conversions: readonly ConversionRule[];
  /** The longest conversion window (0 without conversions): how long after its anchor a message can still convert. */
  readonly maxWindowMs: number;
  readonly experiment: ExperimentArms | null;
}

/**
 * A config as nudgekit/metrics runs it (from `compileMetricsConfig`): conversion rules by event name,
 * campaigns and experiments by id, the attribution settings. `fingerprint` identifies it: a state is
 * folded, settled and merged with one config only.
 */
export interface MetricsConfig {
  readonly fingerprint: string;
  /** @internal */
  readonly conversions: readonly ConversionRule[];
  /** @internal */
  readonly byEvent: ReadonlyMap<string, readonly ConversionRule[]>;
  /** @internal */
  readonly campaigns: ReadonlyMap<string, CampaignOutcomes>;
  /** @internal */
  readonly experiments: ReadonlyMap<string, ExperimentArms>;
  readonly holdout: string | null;
  /**
   * The keys of a user's exposure units (`e:`, `h:` or `t:` and the id) for the config's experiments
   * and campaigns, made once: every user with an exposure to one shares the string.
   */
  readonly unitKeys: { readonly experiment: ReadonlyMap<string, string>; readonly holdout: ReadonlyMap<string, string>; readonly treatment: ReadonlyMap<string, string> };
  readonly model: AttributionModel;
  readonly influenceMessages: number;
  readonly influenceWindowMs: number;
  readonly outcomeWindowMs: number;
  /**
   * The longest conversion window of any campaign: an orderId converts once within it (a repeat
   * later is a new conversion), so a user's order ids are forgotten after it. @internal
   */
  readonly orderMemoryMs: number;
  /**
   * `outcomeWindowMs` + `orderMemoryMs`: no outcome or conversion reaches a message this long after
   * its first event. An outcome of its delivery id later than that starts a new message, so closed
   * delivery ids are forgotten after it: memory holds the open windows, not the log. @internal
   */
  readonly retentionMs: number;
}
