import type { EngineJourney } from "../model/compiled-engine.js";
import type { JourneyMessageRef } from "../engine-types.js";
import type { EventView } from "../input/engine-input.js";
import { idText } from "../../json/id-text.js";
import { journeyStep, type JourneyAction, type JourneyStepResult } from "../../journeys/run/journey-step.js";
import { JourneyStateError, readJourneyState, type JourneyRun, type JourneyState } from "../../journeys/state/journey-state.js";
import type { JourneyEntry } from "../../journeys/definition/journey-model.js";
import { field } from "../../json/own-value.js";
import { isPlainObject } from "../../json/plain-object.js";
import type { Candidate, CallResult } from "./evaluate-candidates.js";
import type { RunContext } from "./run-context.js";

/** One journey a call stepped: its state before, and what `journeyStep` returned. */
export interface SteppedJourney {
  readonly journey: EngineJourney;
  readonly before: JourneyState | null;
  readonly result: JourneyStepResult;
  /** The call's message candidates of this journey, in the order the journey reached them. */
  readonly messages: readonly JourneyMessageRef[];
}

type MessageAction = Extract<JourneyAction, { type: "message" }>;

const refOf = (action: MessageAction): JourneyMessageRef => ({ journey: action.journey, entry: action.entry, node: action.node, iteration: action.iteration, key: action.key, dueAt: action.dueAt, late: action.late });

/** The event as a journey reads it: an id (string, or a finite number as text) makes a retried call recognisable. */
function journeyEvent(event: unknown, view: EventView): { name: string; id?: string; properties?: Readonly<Record<string, unknown>> } {
  const id = idText(field(event, "id"));
  return { name: view.name, ...(id === null ? {} : { id }), ...(view.properties === undefined ? {} : { properties: view.properties }) };
}

/** Whether a stored state has a run going (version 2 `runs`, or version 1 `run`; what it holds is checked when stepped). */
export function hasRuns(stored: unknown): boolean {
  const runs = field(stored, "runs");
  return (Array.isArray(runs) && runs.length > 0) || isPlainObject(field(stored, "run"));
}

/** Whether this call could enter the user: the entry event came, the user came into (or left) the entry segment, or the journey is scheduled. */
function mayEnter(entry: JourneyEntry, stored: unknown, context: RunContext, view: EventView | null): boolean {
  switch (entry.kind) {
    case "event":
      return view !== null && view.name === entry.event;
    case "segment":
      // In it and not before, or out of it after being in it (the state remembers, so that coming back enters again).
      return context.isMember(entry.segment) !== (field(stored, "inEntrySegment") === true);
    case "scheduled":
      return true;
  }
}

/**
 * Moves the user through every journey this call concerns: with an event, the journeys the user is
 * in and those it may enter; without one (`due`), the journeys the user is in. Each message step
 * reached becomes a candidate (sent through the channel, caps and arbitration steps with the
 * campaigns); a state the engine cannot read is a suppression (`invalid-journey-state`), and the
 * journey is left as it is.
 */
export function stepJourneys(context: RunContext, rawEvent: unknown, view: EventView | null, out: CallResult, splitShares: unknown): { candidates: Candidate[]; stepped: SteppedJourney[] } {
  const candidates: Candidate[] = [];
  const stepped: SteppedJourney[] = [];
  const user = isPlainObject(context.user) ? context.user : {};
  const zoneOptions = { timeZones: context.engine.zones.provider, timeZone: context.engine.timeZone };
  for (const engineJourney of context.engine.journeys) {
    const { journey } = engineJourney;
    const stored = context.history.journeys.get(journey.id);
    // Nothing to wake, and nothing that could enter the user: the journey has nothing to do (its state stays as it is).
    if (!hasRuns(stored) && !mayEnter(journey.entry, stored, context, view)) continue;
    const shares = field(splitShares, journey.id);
    let result: JourneyStepResult;
    try {
      // Local times as the engine reads them: its time-zone provider, and its config's zone for a user without one.
      const input = { event: view === null ? null : journeyEvent(rawEvent, view), user, segments: context.isMember, ...(isPlainObject(shares) ? { splitShares: shares as Readonly<Record<string, Readonly<Record<string, number>>>> } : {}) };
      result = journeyStep(journey, (stored ?? null) as JourneyState | null, input, context.now, zoneOptions);
    } catch (error) {
      if (!(error instanceof JourneyStateError)) throw error;
      out.suppressed.push({ campaignId: journey.id, step: "trigger", reason: "invalid-journey-state", detail: `the user's state in the journey cannot be read (${error.message}): the journey is not stepped until the history holds a state it wrote`, retryAt: null, journey: { journey: journey.id } });
      continue;
    }
    const messages: JourneyMessageRef[] = [];
    for (const action of result.actions) {
      if (action.type !== "message") continue;
      const message = refOf(action);
      const campaign = engineJourney.messages.get(action.node);
      if (campaign === undefined) {
        out.suppressed.push({ campaignId: journey.id, step: "trigger", reason: "unknown-step", detail: `the journey has no message step ${JSON.stringify(action.node)} to send`, retryAt: null, journey: message });
        continue;
      }
      messages.push(message);
      candidates.push({ mode: "journey", campaign, message, event: view, skipHeld: engineJourney.skipHeld.has(action.node) });
    }
    stepped.push({ journey: engineJourney, before: (stored ?? null) as JourneyState | null, result, messages });
  }
  return { candidates, stepped };
}

/**
 * The records of the journeys a call stepped, once their messages went through the decision steps:
 * what each journey did (entered, branched, waiting, converted, exited, skipped, problems) and its
 * new state. A state is recorded only when the step did something (an input that changed nothing
 * leaves the stored state, and `nextCheckAt`, as they were). A message step whose message was not
 * sent does not take the credit for a later conversion: the last message sent keeps it.
 */
export function recordJourneys(stepped: readonly SteppedJourney[], out: CallResult): void {
  if (stepped.length === 0) return;
  const sent = new Set<string>();
  for (const decision of out.decisions) if (decision.journey !== undefined) sent.add(decision.journey.key);
  for (const { journey, before, result, messages } of stepped) {
    const membershipChanged = result.state.inEntrySegment !== undefined && result.state.inEntrySegment !== (field(before, "inEntrySegment") === true);
    if (!membershipChanged && !result.actions.some((action) => action.type !== "ignored")) continue;
    for (const action of result.actions) if (action.type !== "message" && action.type !== "ignored") out.records.push({ type: "journey", action });
    let { state } = result;
    const unsent = (run: JourneyRun): boolean => run.lastMessage !== null && messages.some((message) => message.key === run.lastMessage && !sent.has(message.key));
    if (state.runs.some(unsent)) {
      // journeyStep read the stored state already: reading it again cannot fail.
      const earlierRuns = before === null ? [] : readJourneyState(before, journey.journey.id).runs;
      const runs = state.runs.map((run) => {
        if (!unsent(run)) return run;
        const sentNow = messages.filter((message) => message.entry === run.entry && sent.has(message.key)).at(-1)?.key;
        const earlier = earlierRuns.find((candidate) => candidate.entry === run.entry)?.lastMessage ?? null;
        return { ...run, lastMessage: sentNow ?? earlier };
      });
      state = { ...state, runs };
    }
    out.records.push({ type: "journey-state", state });
  }
}
