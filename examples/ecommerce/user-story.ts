/**
 * One user's story, after the demo's replay totals: the example config and event log run for one
 * user through the public API (foldEvents, decide, due, nextCheckAt, applyRecords), then the first
 * message they were sent — channel, `sendAt`, rendered content — and the `explain` trace of a
 * campaign that was suppressed for them. The user is the first in users.jsonl whose story has both
 * (a message outside the app that names them, and a suppression past the trigger step).
 */
import { readFileSync } from "node:fs";
import { applyRecords, createEngine, type DecideInput, type Decision, type DueInput, type Engine, type FullEngineHistory, type Suppression } from "../../src/index.js";
import { foldEvents, type BehaviourAggregates } from "../../src/segments/index.js";
import type { ExampleEvent, ExampleUser } from "./generate-events.js";

interface Moment {
  readonly input: DecideInput | DueInput;
  readonly decisions: readonly Decision[];
  readonly suppressed: readonly Suppression[];
}

/** A suppression worth explaining: the campaign applied to the user, and a later step said no. */
const EXPLAINED_STEPS: ReadonlySet<string> = new Set(["experiment", "channel", "caps", "arbitration"]);
const isExplained = (suppression: Suppression): boolean => EXPLAINED_STEPS.has(suppression.step);

/** Every call the user's events lead to, in time order: `due` whenever `nextCheckAt` says, `decide` on each event. */
function replayUser(engine: Engine, profile: ExampleUser, events: readonly ExampleEvent[]): Moment[] {
  const moments: Moment[] = [];
  let behaviour: BehaviourAggregates | null = null;
  let history: FullEngineHistory = applyRecords(undefined, []);
  let now = events.length > 0 ? Date.parse(events[0]!.time) : 0;
  const run = (input: DecideInput | DueInput): void => {
    const result = "event" in input ? engine.decide(input) : engine.due(input);
    moments.push({ input, decisions: result.decisions, suppressed: result.suppressed });
    history = applyRecords(history, result.records);
  };
  for (const event of events) {
    const time = Date.parse(event.time);
    // What became due before this event (delayed triggers, inactivity, scheduled sends), out of the app.
    for (let at = engine.nextCheckAt({ ...profile, behaviour }, now, history); at !== null && at <= time && moments.length < 10_000; at = engine.nextCheckAt({ ...profile, behaviour }, now, history)) {
      now = at;
      run({ user: { ...profile, behaviour }, history, now });
    }
    now = time;
    if (engine.behaviour !== null) behaviour = foldEvents(behaviour, [event], engine.behaviour, { now });
    // The user is in the app when they do something.
    run({ event, user: { ...profile, behaviour, session: { active: true, platform: profile.platform } }, history, now });
  }
  return moments;
}

const iso = (time: number): string => new Date(time).toISOString().replace(".000Z", "Z");

/** The story's lines, for the files of the demo. */
export function userStory(files: { readonly config: string; readonly users: string; readonly events: string }): string[] {
  const engine = createEngine(JSON.parse(readFileSync(files.config, "utf8")));
  const parsed = (lines: readonly string[]): unknown[] =>
    lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as unknown];
      } catch {
        return []; // the log's deliberately broken lines (the replay reports them)
      }
    });
  // Lines by user id, read off the text: only the lines of the users the story looks at are parsed.
  const linesByUser = new Map<string, string[]>();
  for (const line of readFileSync(files.events, "utf8").split("\n")) {
    const userId = /"userId":"([^"]*)"/.exec(line)?.[1];
    if (userId === undefined) continue;
    const lines = linesByUser.get(userId);
    if (lines === undefined) linesByUser.set(userId, [line]);
    else lines.push(line);
  }
  /** One user's well-formed events, in time order. */
  const eventsOf = (userId: string): ExampleEvent[] =>
    (parsed(linesByUser.get(userId) ?? []) as ExampleEvent[])
      .filter((event) => event?.userId === userId && typeof event.time === "string" && !Number.isNaN(Date.parse(event.time)))
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));

  for (const profile of parsed(readFileSync(files.users, "utf8").split("\n")) as ExampleUser[]) {
    const events = eventsOf(profile.id);
    const moments = replayUser(engine, profile, events);
    // A message sent outside the app and rendered for this user (it names them).
    const name = profile.attributes?.first_name;
    const isTold = (decision: Decision): boolean => decision.channel !== "in_app" && name !== undefined && Object.values(decision.content).some((value) => typeof value === "string" && value.includes(name));
    const sent = moments.find((moment) => moment.decisions.some(isTold));
    const suppressed = moments.find((moment) => moment.suppressed.some(isExplained));
    if (sent === undefined || suppressed === undefined) continue;

    const decision = sent.decisions.find(isTold)!;
    const suppression = suppressed.suppressed.find(isExplained)!;
    const explanation = engine.explain(suppression.campaignId, suppressed.input);
    const consents = Object.entries(profile.consents).map(([channel, consent]) => `${channel} ${consent.optedIn ? "opted in" : "not opted in"}`);
    const width = Math.max(...explanation.steps.map((step) => step.step.length));
    const fieldWidth = Math.max("sendAt".length, ...Object.keys(decision.content).map((field) => field.length));
    const reached = explanation.steps.filter((step) => step.verdict !== "not-reached");
    return [
      `One user's story: ${profile.id} (${name ?? ""}, ${profile.timeZone}, ${profile.platform}; ${consents.join(", ")}), ${events.length} events`,
      "",
      `  ${iso(sent.input.now as number)}  ${"event" in sent.input ? `on ${sent.input.event.name}` : "due"}: ${decision.campaignId} on ${decision.channel}${decision.variantId === null ? "" : ` (variant ${decision.variantId})`}`,
      `    ${"sendAt".padEnd(fieldWidth)}  ${iso(decision.sendAt)}${decision.deferred ? " (deferred)" : ""}`,
      ...Object.entries(decision.content).map(([field, value]) => `    ${field.padEnd(fieldWidth)}  ${typeof value === "string" ? value : JSON.stringify(value)}`),
      "",
      `  ${iso(suppressed.input.now as number)}  ${"event" in suppressed.input ? `on ${suppressed.input.event.name}` : "due"}: ${suppression.campaignId} suppressed at ${suppression.step} (${suppression.reason}); engine.explain says:`,
      ...reached.map((step) => `    ${step.step.padEnd(width)}  ${step.verdict.padEnd(4)}  ${step.detail}`),
      ...(reached.length < explanation.steps.length ? [`    (${explanation.steps.length - reached.length} later steps not reached)`] : []),
    ];
  }
  return ["No user in the log was both sent a message and refused one."];
}
