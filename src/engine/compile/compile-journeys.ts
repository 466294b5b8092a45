import { journeyIR } from "../../journeys/definition/compile-journey.js";
import { JourneyConfigError } from "../../journeys/definition/journey-config-error.js";
import type { JourneyIR } from "../../journeys/definition/journey-model.js";
import type { JourneyDefinition } from "../../journeys/definition/journey-schema.js";
import { pointerOf } from "../../json/json-pointer.js";
import { campaignSchema } from "../../schema/campaign-schema.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import type { CampaignIR, EngineJourneyIR } from "../model/engine-model.js";
import { compileCampaign } from "./compile-campaign.js";
import type { CompileContext } from "./compile-context.js";
import { prefixProblems } from "./parse-sections.js";

/** A journey message step's category when it names none. */
export const DEFAULT_JOURNEY_CATEGORY = "onboarding";

type MessageNode = Extract<JourneyDefinition["nodes"][string], { type: "message" }>;

/**
 * A message step as the campaign the engine sends it as: the journey's id (deliveries, caps scoped
 * `{ campaign }` and metrics count per journey), the step's channels, content and campaign fields.
 */
function messageCampaign(journey: JourneyDefinition, node: MessageNode): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    id: journey.id,
    category: node.category ?? DEFAULT_JOURNEY_CATEGORY,
    channels: node.channels ?? [],
    content: node.content,
    // Never read: the journey decides when the step sends.
    trigger: { event: journey.entry.event ?? "journey_step" },
  };
  for (const key of ["format", "placement", "dismissible", "priority", "tags"] as const) if (node[key] !== undefined) fields[key] = node[key];
  // "skip": another listed channel first; a message held on every one is refused (compiled into the journey's skipHeld).
  if (node.onHeld !== undefined) fields.onBlocked = node.onHeld === "wait" ? "defer" : "fallback";
  return fields;
}

/** A campaign problem's pointer under the step (`onBlocked` is the step's `onHeld`). */
const stepPointer = (path: string): string => (path.startsWith("/onBlocked") ? `/onHeld${path.slice("/onBlocked".length)}` : path);

/**
 * Validates the config's journeys into their IR: each definition as `compileJourney` checks it (with
 * the engine's rule operators), ids unique and apart from the campaigns', and each message step as
 * the campaign it is sent as (content templates per listed channel, format, category, tags). Every
 * problem goes to `problems` with its pointer. Rules compiled on the way join `context.compiledRules`.
 */
export function compileJourneys(journeys: readonly (JourneyDefinition | undefined)[], campaignIds: ReadonlySet<string>, firstIndex: number, context: CompileContext, problems: LocatedProblem[]): EngineJourneyIR[] {
  const ir: EngineJourneyIR[] = [];
  const seen = new Map<string, number>();
  journeys.forEach((journey, index) => {
    if (journey === undefined) return;
    const path = `/journeys/${index}`;
    const before = problems.length;
    const first = seen.get(journey.id);
    if (first !== undefined) problems.push({ path: `${path}/id`, message: `duplicate journey id ${JSON.stringify(journey.id)} (first at /journeys/${first})` });
    else seen.set(journey.id, index);
    if (campaignIds.has(journey.id)) problems.push({ path: `${path}/id`, message: `${JSON.stringify(journey.id)} is a campaign's id: a journey's messages are delivered under its id, so the two would share caps and reports` });
    let checked: JourneyIR | null = null;
    try {
      checked = journeyIR(journey, { rules: context.ruleOptions }, context.compiledRules);
    } catch (error) {
      if (!(error instanceof JourneyConfigError)) throw error;
      problems.push(...prefixProblems(error.problems, path));
    }
    // Segments the journey reads are the config's (a segment it does not define is never entered).
    const unknownSegment = (segment: string | undefined, at: string): void => {
      if (segment !== undefined && !context.segmentIds.has(segment)) problems.push({ path: `${path}${at}`, message: `unknown segment ${JSON.stringify(segment)}` });
    };
    unknownSegment(journey.entry.segmentEntry, "/entry/segmentEntry");
    for (const [id, node] of Object.entries(journey.nodes)) if (node.type === "waitFor") unknownSegment(node.segment, `${pointerOf("nodes", id)}/segment`);
    const messages: [string, CampaignIR][] = [];
    for (const [id, node] of Object.entries(journey.nodes)) {
      if (node.type !== "message") continue;
      const nodePath = `${path}${pointerOf("nodes", id)}`;
      if (node.channels === undefined) {
        problems.push({ path: `${nodePath}/channels`, message: "a message step of an engine's journey lists the channels it may go on" });
        continue;
      }
      const parsed = campaignSchema.safeParse(messageCampaign(journey, node), EXPECTED_FORM_MESSAGES);
      if (!parsed.success) {
        problems.push(...zodProblems(parsed.error).map((problem) => ({ path: nodePath + stepPointer(problem.path), message: problem.message })));
        continue;
      }
      const campaign = compileCampaign(parsed.data, firstIndex + index, context, problems, nodePath);
      if (campaign !== null) messages.push([id, campaign]);
    }
    if (problems.length > before || checked === null) return;
    const skipHeld = Object.entries(journey.nodes).flatMap(([id, node]) => (node.type === "message" && node.onHeld === "skip" ? [id] : []));
    ir.push({ journey: checked, messages, skipHeld });
  });
  return ir;
}
