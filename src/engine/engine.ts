import { instantOf, isInstant, type Instant } from "../time/instant.js";
import type { AggregatePolicy } from "../segments/aggregates/aggregate-policy-model.js";
import type { CompiledEngine } from "./model/compiled-engine.js";
import type { CampaignExplanation, JourneyExplanation, DecideInput, DecideResult, DueInput, EngineHistory, PendingTrigger, StepTrace } from "./engine-types.js";
import { readEvent } from "./input/engine-input.js";
import { evaluateCandidates, type Candidate, type CallResult } from "./run/evaluate-candidates.js";
import { RunContext } from "./run/run-context.js";
import { dueTriggerStep } from "./steps/trigger-step.js";
import { recordJourneys, stepJourneys, type SteppedJourney } from "./run/journey-run.js";
import { field } from "../json/own-value.js";
import type { CompiledNode } from "../journeys/definition/journey-model.js";
import { readJourneyState, type JourneyRun, type JourneyState } from "../journeys/state/journey-state.js";
import { waitsFor } from "../journeys/run/journey-step.js";

const emptyResult = (): CallResult => ({ decisions: [], suppressed: [], records: [] });

/**
 * A compiled config: immutable, safe to share across requests. Every method is pure (time is the
 * `now` argument) and, for any JSON user, event and history, returns a value and never throws
 * (only a `now` that is not an instant, or an unknown campaign id for `explain`, throws).
 */
export class Engine {
  readonly #compiled: CompiledEngine;

  constructor(compiled: CompiledEngine) {
    this.#compiled = compiled;
  }

  /** Campaign ids in config order. */
  get campaignIds(): readonly string[] {
    return this.#compiled.campaigns.map((campaign) => campaign.id);
  }

  /** The events the config aggregates per user (what a caller folds with `foldEvents`), or null. */
  get behaviour(): AggregatePolicy | null {
    return this.#compiled.behaviour;
  }

  /**
   * What to send because of one event: the campaigns it triggers (an index lookup), each through
   * the seven steps, arbitrated together.
   */
  decide(input: DecideInput): DecideResult {
    return this.#decide(input, false).result;
  }

  /** Campaigns with no triggering event that are due now: inactivity, segment entry, scheduled sends, and delayed triggers whose delay is over. */
  due(input: DueInput): DecideResult {
    return this.#due(input, false).result;
  }

  /**
   * When to call `due` again for this user (epoch ms; `now` when `due` has something to send or to
   * record already, such as a cancelled delayed trigger to clear), or null
   * when nothing will become due by time alone. Reads scheduled instants, inactivity deadlines,
   * delayed triggers, re-eligibility, schedules, caps and, through `SegmentSet.nextChangeAt`, the
   * segments the due campaigns depend on.
   */
  nextCheckAt(user: unknown, nowInput: Instant, history?: EngineHistory): number | null {
    const now = instantOf(nowInput);
    const run = this.#due({ user, now, ...(history === undefined ? {} : { history }) }, false);
    return this.#nextCheckFrom(run);
  }

  /**
   * `due(input)`, and what `nextCheckAt` answers for the same user, instant and history when due
   * recorded nothing (one pass gives both); undefined when it recorded something (ask `nextCheckAt`
   * once the records are applied). What the replay calls after each due check.
   *
   * @internal
   */
  dueWithNextCheck(input: DueInput): { result: DecideResult; nextCheck: number | null | undefined } {
    const run = this.#due(input, false);
    const { result } = run;
    return { result, nextCheck: result.decisions.length > 0 || result.records.length > 0 ? undefined : this.#nextCheckFrom(run) };
  }

  /** nextCheckAt from the result of `#due` for that user, instant and history. */
  #nextCheckFrom({ result, context, stepped }: CallRun): number | null {
    const { user, now } = context;
    // Something to send or to record (a cancelled delayed trigger to clear, an exposure): due now.
    if (result.decisions.length > 0 || result.records.length > 0) return now;
    let next: number | null = null;
    const consider = (at: number | null | undefined): void => {
      // An instant past the end of the Date range never comes.
      if (isInstant(at) && at > now && (next === null || at < next)) next = at;
    };
    for (const suppression of result.suppressed) {
      consider(suppression.retryAt);
      // Out of the audience: it may enter it when one of its segments changes with time.
      const audience = suppression.step === "audience" ? this.#compiled.byId.get(suppression.campaignId)?.audience : undefined;
      const segments = audience === undefined || audience === null ? [] : [...audience.include, ...audience.exclude];
      if (segments.length > 0) consider(this.#compiled.segments.nextChangeAt(segments, user, now, { history: context.ruleHistory }));
    }
    for (const pending of context.history.pending) consider(pending.dueAt);
    // A journey wakes when a run's delay ends or its wait times out, or a scheduled entry comes (due steps every journey with a run; a state it cannot read wakes nothing).
    for (const { result: stepResult } of stepped) consider(stepResult.wakeAt);
    // Segments change with time: an entry segment (coming into it enters the user) and the segments runs wait for.
    const segments = new Set<string>();
    for (const { journey } of this.#compiled.journeys) if (journey.entry.kind === "segment") segments.add(journey.entry.segment);
    for (const { journey, result: stepResult } of stepped) {
      for (const run of stepResult.state.runs) {
        const node = journey.journey.nodes.get(run.node);
        if (node?.type === "waitFor" && node.segment !== null) segments.add(node.segment);
      }
    }
    if (segments.size > 0) consider(this.#compiled.segments.nextChangeAt([...segments], user, now, { history: context.ruleHistory }));
    return next;
  }

  /** Each of the seven steps and its verdict for one campaign and one user (with `event`: as `decide`; without: as `due`). */
  explain(campaignId: string, input: DecideInput | DueInput): CampaignExplanation {
    const campaign = this.#compiled.byId.get(campaignId);
    if (campaign === undefined) throw new RangeError(`unknown campaign ${JSON.stringify(campaignId)}`);
    const { result, context } = "event" in input && input.event !== undefined ? this.#decide(input, true) : this.#due(input, true);
    const decisions = result.decisions.filter((decision) => decision.campaignId === campaignId);
    const suppression = result.suppressed.find((entry) => entry.campaignId === campaignId);
    let steps: StepTrace[] | undefined = context.traces?.get(campaignId);
    if (steps === undefined) steps = this.#untriggered(campaignId, input, context);
    const outcome = decisions.length > 0 ? "sent" : steps.some((step) => step.verdict === "pending") ? "pending" : suppression !== undefined ? "suppressed" : "not-triggered";
    return { campaignId, outcome, steps, decisions, ...(suppression === undefined ? {} : { suppression }) };
  }

  /** Journey ids in config order. */
  get journeyIds(): readonly string[] {
    return this.#compiled.journeys.map(({ journey }) => journey.id);
  }

  /**
   * A user's path through one journey in this call (with `event`: as `decide`; without: as `due`):
   * where they were, each node visited and why (which branch held, which split path, what came),
   * each message with the decision steps it went through, and what they wait for now and until when.
   * The full path across calls is the `journey` records the caller logs.
   *
   * @example
   * const explanation = engine.explainJourney("onboarding", { event: { name: "signed_up" }, user, now });
   * explanation.path.map((action) => action.type); // ["entered", "message", "waiting"]
   * explanation.waiting; // { node: "wait_2d", since: …, until: …, for: "delay" }
   */
  explainJourney(journeyId: string, input: DecideInput | DueInput): JourneyExplanation {
    const known = this.#compiled.journeys.find(({ journey }) => journey.id === journeyId);
    if (known === undefined) throw new RangeError(`unknown journey ${JSON.stringify(journeyId)}`);
    const withEvent = "event" in input && input.event !== undefined;
    // The whole call, every journey and campaign with it: arbitration and caps are shared, so the journey's messages fare as in decide or due.
    const { result, context, stepped } = withEvent ? this.#decide(input, true) : this.#due(input, true);
    const run = stepped.find((entry) => entry.journey.journey.id === journeyId);
    const problem = result.suppressed.find((entry) => entry.campaignId === journeyId && entry.reason === "invalid-journey-state");
    // A state the engine cannot read is reported, not described.
    const stored = problem === undefined ? context.history.journeys.get(journeyId) : undefined;
    const recorded = result.records.find((record) => record.type === "journey-state" && record.state.journey === journeyId);
    const state = ((recorded?.type === "journey-state" ? recorded.state : undefined) ?? stored ?? null) as JourneyState | null;
    const runsOf = (of: unknown): readonly JourneyRun[] => {
      try {
        return of === undefined || of === null ? [] : readJourneyState(of, journeyId).runs;
      } catch {
        return [];
      }
    };
    const messages = (run?.messages ?? []).map((message) => {
      const decisions = result.decisions.filter((decision) => decision.journey?.key === message.key);
      const suppression = result.suppressed.find((entry) => entry.journey !== undefined && "key" in entry.journey && entry.journey.key === message.key);
      return { message, outcome: decisions.length > 0 ? ("sent" as const) : ("suppressed" as const), steps: context.traces?.get(message.key) ?? [], decisions, ...(suppression === undefined ? {} : { suppression }) };
    });
    const actions = run?.result.actions ?? [];
    const waitingFor = (entry: number, node: string): string => {
      const said = [...actions].reverse().find((action) => action.type === "waiting" && action.entry === entry && action.node === node);
      if (said?.type === "waiting") return said.for;
      const waits = known.journey.nodes.get(node);
      return waits?.type === "delay" ? "delay" : waits?.type === "waitFor" ? waitsFor(waits) : "";
    };
    return {
      journeyId,
      before: runsOf(stored).map((entry) => ({ entry: entry.entry, key: entry.key, node: entry.node, since: entry.since, until: entry.wakeAt })),
      path: actions.map((action) => ({ ...action })),
      messages,
      waiting: runsOf(state).map((entry) => ({ entry: entry.entry, key: entry.key, node: entry.node, since: entry.since, until: entry.wakeAt, for: waitingFor(entry.entry, entry.node) })),
      state,
      ...(problem === undefined ? {} : { problem: problem.detail }),
    };
  }

  /** Why a campaign was not even a candidate: its status, or a trigger that did not fire. */
  #untriggered(campaignId: string, input: DecideInput | DueInput, context: RunContext): StepTrace[] {
    const campaign = this.#compiled.byId.get(campaignId)!;
    if (campaign.status !== "active") return [{ step: "status", verdict: "fail", reason: campaign.status, detail: `the campaign is ${campaign.status}` }];
    const event = "event" in input ? readEvent(input.event) : null;
    const trigger = campaign.trigger;
    const detail =
      trigger.kind === "event"
        ? event === null
          ? `waits for the event ${trigger.event}; no event was given`
          : `waits for the event ${trigger.event}, not ${event.name}`
        : `a ${trigger.kind} trigger is checked by engine.due, not by an event (${dueTriggerStep(trigger, context.user, context.now, context.zone, this.#compiled.segments, this.#compiled.zones, context.ruleHistory).detail})`;
    return [{ step: "trigger", verdict: "fail", reason: "not-triggered", detail }];
  }

  #decide(input: DecideInput, trace: boolean): CallRun {
    const context = new RunContext(this.#compiled, input?.user, input?.history, instantOf(input?.now), trace);
    const result = emptyResult();
    const event = readEvent(input?.event);
    if (event === null) return { result, context, stepped: [] };
    const campaigns = this.#compiled.byEvent.get(event.name) ?? [];
    const journeys = stepJourneys(context, input.event, event, result, input.splitShares);
    evaluateCandidates(context, [...campaigns.map((campaign): Candidate => ({ mode: "event", campaign, event })), ...journeys.candidates], result);
    recordJourneys(journeys.stepped, result);
    return { result, context, stepped: journeys.stepped };
  }

  #due(input: DueInput, trace: boolean): CallRun {
    const context = new RunContext(this.#compiled, input?.user, input?.history, instantOf(input?.now), trace);
    const candidates: Candidate[] = this.#compiled.dueCampaigns.map((campaign) => ({ mode: "due", campaign, event: null }));
    for (const due of duePendingByCampaign(context.history.pending, context.now).values()) {
      const campaign = this.#compiled.byId.get(due.latest.campaign);
      if (campaign !== undefined && campaign.status === "active" && campaign.trigger.kind === "event") candidates.push({ mode: "pending", campaign, pending: due.latest, resolves: [...due.resolves], event: readEvent(due.latest.event) });
    }
    const result = emptyResult();
    const journeys = stepJourneys(context, null, null, result, input?.splitShares);
    evaluateCandidates(context, [...candidates, ...journeys.candidates], result);
    recordJourneys(journeys.stepped, result);
    return { result, context, stepped: journeys.stepped };
  }
}

/** What one call did: its result, the context it ran in, and the journeys it stepped. */
interface CallRun {
  readonly result: CallResult;
  readonly context: RunContext;
  readonly stepped: readonly SteppedJourney[];
}

/**
 * The delayed triggers whose delay is over, by campaign: the latest one (first in the history on a
 * tie) and the distinct `triggeredAt` of all of them. One pass, so a long history costs linear time,
 * and a campaign is considered once however many of its triggers the history holds.
 */
function duePendingByCampaign(pending: readonly PendingTrigger[], now: number): Map<string, { latest: PendingTrigger; resolves: Set<number> }> {
  const byCampaign = new Map<string, { latest: PendingTrigger; resolves: Set<number> }>();
  for (const entry of pending) {
    if (entry.dueAt > now) continue;
    const known = byCampaign.get(entry.campaign);
    if (known === undefined) byCampaign.set(entry.campaign, { latest: entry, resolves: new Set([entry.triggeredAt]) });
    else {
      known.resolves.add(entry.triggeredAt);
      if (entry.triggeredAt > known.latest.triggeredAt) known.latest = entry;
    }
  }
  return byCampaign;
}
