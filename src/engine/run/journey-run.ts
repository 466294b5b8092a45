import type { EngineJourney } from "../model/compiled-engine.js";
import type { JourneyMessageRef } from "../engine-types.js";
import { idText, type EventView } from "../input/engine-input.js";
import { journeyStep, type JourneyAction, type JourneyStepResult } from "../../journeys/run/journey-step.js";
import { JourneyStateError, type JourneyState } from "../../journeys/state/journey-state.js";
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

/**
 * Moves the user through every journey this call concerns: with an event, the journeys the user is
 * in and those it may enter; without one (`due`), the journeys the user is in. Each message step
 * reached becomes a candidate (sent through the channel, caps and arbitration steps with the
 * campaigns); a state the engine cannot read is a suppression (`invalid-journey-state`), and the
 * journey is left as it is.
 */
export function stepJourneys(context: RunContext, rawEvent: unknown, view: EventView | null, out: CallResult): { candidates: Candidate[]; stepped: SteppedJourney[] } {
  const candidates: Candidate[] = [];
  const stepped: SteppedJourney[] = [];
  const user = isPlainObject(context.user) ? context.user : {};
  const zoneOptions = { timeZones: context.engine.zones.provider, timeZone: context.engine.timeZone };
  for (const engineJourney of context.engine.journeys) {
    const { journey } = engineJourney;
    const stored = context.history.journeys.get(journey.id);
    const inRun = stored !== undefined && isPlainObject(field(stored, "run"));
    // Nothing to wake, and an event that cannot enter it: the journey has nothing to do (its state stays as it is).
    if (!inRun && (view === null || view.name !== journey.entry.event)) continue;
    let result: JourneyStepResult;
    try {
      // Local times as the engine reads them: its time-zone provider, and its config's zone for a user without one.
      result = journeyStep(journey, (stored ?? null) as JourneyState | null, { event: view === null ? null : journeyEvent(rawEvent, view), user }, context.now, zoneOptions);
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
  for (const { before, result, messages } of stepped) {
    if (!result.actions.some((action) => action.type !== "ignored")) continue;
    for (const action of result.actions) if (action.type !== "message" && action.type !== "ignored") out.records.push({ type: "journey", action });
    let { state } = result;
    const run = state.run;
    if (run !== null && run.lastMessage !== null && messages.some((message) => message.key === run.lastMessage && !sent.has(message.key))) {
      const sentNow = messages.filter((message) => message.entry === run.entry && sent.has(message.key)).at(-1)?.key;
      const earlier = before?.run?.entry === run.entry ? before.run.lastMessage : null;
      state = { ...state, run: { ...run, lastMessage: sentNow ?? earlier } };
    }
    out.records.push({ type: "journey-state", state });
  }
}
