/// <reference types="node" />
import type { DecideResult } from "../../engine/engine-types.js";
import type { ReplayEvent } from "../../replay/replay-input.js";
import type { SendTimeEvaluation, SendTimeEvaluator } from "../../replay/send-time-evaluation.js";
import { field } from "../../json/own-value.js";
import { toEpochMilliseconds } from "../../time/timestamp.js";
import { pickWinner, type WinnerDecision, type WinnerPolicy } from "../../experiments/statistics/pick-winner.js";
import {
  createOutcomeState,
  experimentReport,
  foldOutcomes,
  holdoutLift,
  kpis,
  outcomesOfResult,
  settleOutcomes,
  type ExperimentReport,
  type HoldoutLift,
  type KpiRow,
  type MetricsConfig,
  type OutcomeCounts,
  type OutcomeState,
} from "../../metrics/index.js";
import { lineTooLong, readLines } from "./read-lines.js";

/** An experiment of the config as the winner's policy needs it: its id and its arms' weights, in order. */
export interface ConfiguredExperiment {
  readonly id: string;
  readonly weights: readonly number[];
}

/**
 * The experiments of an engine config (already checked by `createEngine`): each campaign's
 * `experiment`, with its id (the campaign's by default) and its variants' weights (default 1).
 */
export function experimentsOfConfig(config: unknown): ConfiguredExperiment[] {
  const campaigns = (config as { campaigns?: readonly { id: string; experiment?: { id?: string; variants: readonly { weight?: number }[] } }[] }).campaigns ?? [];
  return campaigns.flatMap((campaign) => (campaign.experiment === undefined ? [] : [{ id: campaign.experiment.id ?? campaign.id, weights: campaign.experiment.variants.map((variant) => variant.weight ?? 1) }]));
}

/** The campaigns (and journeys, by their goal) of a metrics config with at least one conversion definition. */
export function campaignsWithConversions(config: MetricsConfig): Set<string> {
  return new Set([...config.campaigns.values()].filter((campaign) => campaign.conversions.length > 0).map((campaign) => campaign.id));
}

/** An outcome file folded: its lines, and those that were not JSON (or too long). */
export interface OutcomeFileRead {
  readonly file: string;
  readonly lines: number;
  readonly notJson: number;
}

/** What `pickWinner` says about one experiment, and the policy it was asked with (null: the report has no control or no conversion). */
export interface ExperimentWinner {
  readonly experimentId: string;
  readonly policy: WinnerPolicy;
  readonly decision: WinnerDecision | null;
}

/** The figures a replay reports about outcomes (`--outcomes`, `--kpis`): what `--json` prints under `metrics`. */
export interface ReplayMetricsReport {
  readonly outcomes: {
    readonly files: readonly OutcomeFileRead[];
    /** `sent` and `exposure` events the replay's own results stand for (`outcomesOfResult`). */
    readonly sent: number;
    readonly exposures: number;
    /** Replayed events that a conversion names (folded as the user's events). */
    readonly conversionEvents: number;
    readonly counts: OutcomeCounts;
  };
  /** Per campaign and variant. */
  readonly kpis: readonly KpiRow[];
  readonly experiments: readonly ExperimentReport[];
  readonly winners: readonly ExperimentWinner[];
  readonly lift: readonly HoldoutLift[];
  /** With the `sendTime` option: the best time, a fixed hour and the population's best hour against the users' next opens. */
  readonly sendTime?: SendTimeEvaluation;
}

export interface ReplayMetricsOptions {
  readonly config: MetricsConfig;
  /** Evaluate send times too: the replay's push and email sends against the people's opens of the outcome files; `zoneOf` gives a user's zone. */
  readonly sendTime?: { readonly evaluator: SendTimeEvaluator; readonly zoneOf: (userId: string) => string | undefined };
  readonly experiments: readonly ConfiguredExperiment[];
  /** `pickWinner`'s `minimumUsersPerVariant`. */
  readonly minimumUsersPerVariant: number;
}

/** The channels whose sends the send-time evaluation looks at (an in-app message shows while the user is in the app). */
const SENT_CHANNELS: ReadonlySet<string> = new Set(["push", "web_push", "email"]);

/** Events folded at once. */
const BATCH = 10_000;

/**
 * The outcomes side of `nudgekit replay`: the sends and exposures of the replay's own results
 * (`outcomesOfResult`), folded with outcome files (message outcomes, exposures, conversions) into one
 * nudgekit/metrics state, then settled and reported: KPIs per campaign and variant, experiment
 * reports, what `pickWinner` would choose, holdout lift. The fold does not depend on the order of the
 * events, so the replay may run in time order or user by user, and the files may come in any order.
 * Nothing is settled before the end: memory holds the replay's sends and exposures and the outcome
 * events that count (outcomes, exposures, conversions; other events are only counted).
 */
export class ReplayMetrics {
  readonly state: OutcomeState = createOutcomeState();
  readonly #options: ReplayMetricsOptions;
  #batch: unknown[] = [];
  #sent = 0;
  #exposures = 0;
  #conversionEvents = 0;
  readonly #files: OutcomeFileRead[] = [];

  constructor(options: ReplayMetricsOptions) {
    this.#options = options;
    foldOutcomes(this.state, [], options.config);
  }

  /**
   * For `ReplayRunOptions.onResult`: the result's sends and exposures, and the replayed event when a
   * conversion names it (a journey's goal, a campaign's conversion), folded in batches.
   */
  readonly onResult = (userId: string, at: number, result: DecideResult, entry: ReplayEvent | null = null): void => {
    const event = entry?.event;
    if (event !== undefined && this.#options.config.byEvent.has(event.name)) {
      // The line as an outcome file would give it (its revenue, order and campaign too): the same event from both counts once.
      const conversion = Object.fromEntries(Object.entries(entry?.conversion ?? {}).filter(([, value]) => value !== undefined));
      this.#batch.push({ name: event.name, ...(event.id === undefined ? {} : { id: event.id }), userId, time: at, ...(event.properties === undefined ? {} : { properties: event.properties }), ...conversion });
      this.#conversionEvents++;
    }
    const sendTime = this.#options.sendTime;
    // Scored from the decision's instant (the policies choose the send time; a deferral would already be one).
    if (sendTime !== undefined) for (const decision of result.decisions) if (SENT_CHANNELS.has(decision.channel)) sendTime.evaluator.addSend(userId, at, sendTime.zoneOf(userId));
    if (result.decisions.length === 0 && !result.records.some((record) => record.type === "exposure")) return;
    for (const event of outcomesOfResult(userId, result)) {
      if (event.outcome === "exposure") this.#exposures++;
      else this.#sent++;
      this.#batch.push(event);
    }
    if (this.#batch.length >= BATCH) this.#flush();
  };

  /**
   * Folds a JSON-lines file of metrics events. `onSkipped` hears of each line that is not JSON or not
   * a valid metrics event (with its 1-based line number).
   */
  async foldFile(file: string, maxLineBytes: number, onSkipped?: (line: number, message: string) => void): Promise<OutcomeFileRead> {
    this.#flush();
    let lines = 0;
    let notJson = 0;
    let batchLines: number[] = [];
    const flush = (): void => {
      const state = this.state;
      const invalid = state.counts.invalid;
      const problems = state.problems.length;
      this.#flush();
      if (onSkipped !== undefined && state.counts.invalid > invalid) for (const problem of state.problems.slice(problems)) onSkipped(batchLines[problem.index] as number, problem.message);
      batchLines = [];
    };
    for await (const read of readLines(file, { maxLineBytes })) {
      for (const line of read.lines) {
        lines = line.line;
        if (line.text === null) {
          notJson++;
          onSkipped?.(line.line, lineTooLong(line, maxLineBytes).message);
          continue;
        }
        let value: unknown;
        try {
          value = JSON.parse(line.text);
        } catch (error) {
          notJson++;
          onSkipped?.(line.line, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        this.#batch.push(value);
        batchLines.push(line.line);
        if (this.#options.sendTime !== undefined) this.#noteOpen(value);
      }
      if (this.#batch.length >= BATCH) flush();
    }
    flush();
    const read = { file, lines, notJson };
    this.#files.push(read);
    return read;
  }

  /** A person's open in an outcome file, for the send-time evaluation. */
  #noteOpen(value: unknown): void {
    if (field(value, "outcome") !== "open" || field(value, "machine") === true) return;
    const userId = field(value, "userId");
    const at = toEpochMilliseconds(field(value, "time"));
    if ((typeof userId !== "string" && typeof userId !== "number") || at === undefined) return;
    const sendTime = this.#options.sendTime as NonNullable<ReplayMetricsOptions["sendTime"]>;
    sendTime.evaluator.addOpen(String(userId), at, sendTime.zoneOf(String(userId)));
  }

  /** Settles everything (no event comes after the end) and reports. */
  report(): ReplayMetricsReport {
    this.#flush();
    const { state } = this;
    const { config } = this.#options;
    settleOutcomes(state, config, Number.POSITIVE_INFINITY);
    const experiments = this.#options.experiments.map((experiment) => experimentReport(state, experiment.id));
    const winners = this.#options.experiments.map((experiment, index): ExperimentWinner => {
      const report = experiments[index] as ExperimentReport;
      const weighted = experiment.weights.every((weight) => weight > 0);
      const policy: WinnerPolicy = { metric: "conversion", minimumUsersPerVariant: this.#options.minimumUsersPerVariant, ...(weighted ? { expectedWeights: experiment.weights } : {}) };
      return { experimentId: experiment.id, policy, decision: report.results === null || report.results.variants.length < 2 ? null : pickWinner(report.results, policy) };
    });
    const notJson = this.#files.reduce((sum, read) => sum + read.notJson, 0);
    return {
      outcomes: { files: [...this.#files], sent: this.#sent, exposures: this.#exposures, conversionEvents: this.#conversionEvents, counts: { ...state.counts, invalid: state.counts.invalid + notJson } },
      kpis: kpis(state, { by: ["campaign", "variant"] }),
      experiments,
      winners,
      lift: holdoutLift(state),
      ...(this.#options.sendTime === undefined ? {} : { sendTime: this.#options.sendTime.evaluator.report() }),
    };
  }

  #flush(): void {
    if (this.#batch.length === 0) return;
    foldOutcomes(this.state, this.#batch, this.#options.config);
    this.#batch = [];
  }
}
