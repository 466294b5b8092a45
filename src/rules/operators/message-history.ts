import type { EvaluationContext, Evaluator } from "../evaluation-context.js";
import { ownValue } from "../../json/own-value.js";
import { isPlainObject } from "../../json/plain-object.js";
import { isHistoryText, MAX_HISTORY_WINDOW_MS, type EngagementKind } from "../../message-history/history-entries.js";
import { parseDuration } from "../../time/duration.js";
import { isInstant } from "../../time/instant.js";
import { toEpochMilliseconds } from "../../time/timestamp.js";
import { ANY_MESSAGE, isSelectorLiteral, readSelector, type MessageSelector } from "./message-selector.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * The user's message history, read from the `history` key of the root data (the engine puts the
 * validated history there for trigger and audience rules and segments):
 *
 *   received  [selector, window?]  deliveries sent in the window           → a count
 *   opened    [selector, window?]  engagement entries of kind "opened"     → a count
 *   clicked   [selector, window?]  … "clicked"                             → a count
 *   converted [selector, window?]  … "converted"                           → a count
 *   last_message_at   [selector?]  the latest delivery sent                → epoch ms, or null
 *   last_opened_at / last_clicked_at / last_converted_at [selector?]        → epoch ms, or null
 *
 * The window is `[now − window, now]` (both ends included, like within_last) with `now` the root
 * data's; without one it is the longest, 730 days (MAX_HISTORY_WINDOW_MS), so that a history
 * compacted to that age answers every question alike. Entries dated after `now` (a deferred send
 * not made yet) are not counted. A malformed entry (see message-history/history-entries.ts) is
 * skipped. A `now` that is not an instant, or a selector or window from data that is not one, gives
 * null. Cost: two units per entry of the list scanned, plus one per tag read (tag selectors), plus
 * the length of an entry's text longer than 64 characters compared with a selector's text of the
 * same length (semantics/membership.ts), plus, for a selector from data, one unit per key and text
 * and one per character of its texts.
 */

type HistoryList = "deliveries" | "engagement";

/**
 * Units charged per entry scanned: checking and matching one takes up to about 0.16 µs (Node 20,
 * 2-core Xeon), twice what one unit stands for (docs/rules.md, Limits).
 */
const ENTRY_COST = 2;

interface HistoryQuery {
  readonly list: HistoryList;
  /** The engagement kind counted (engagement list only). */
  readonly kind: EngagementKind | undefined;
  /** A count in a window, or the latest instant. */
  readonly answer: "count" | "latest";
}

/** A selector known at compile time, or the evaluator of one from data. */
type SelectorSource = { readonly fixed: MessageSelector } | { readonly fixed: undefined; readonly evaluate: Evaluator };
/** A window known at compile time (ms), or the evaluator of one from data. */
type WindowSource = { readonly fixed: number } | { readonly fixed: undefined; readonly evaluate: Evaluator };

const NO_SELECTOR = Symbol("no selector");

function selectorSource(site: OperationSite, arg: CompiledArgument | undefined): SelectorSource {
  if (arg === undefined) return { fixed: ANY_MESSAGE };
  // A selector object is data (dataArgument): read from the rule as written, also when explaining
  // (then it is not `known`, and its node is evaluated only to be recorded).
  if (!arg.known && arg.data !== true) return { fixed: undefined, evaluate: arg.evaluate };
  const reading = readSelector(arg.known ? arg.value : arg.rule);
  if (!reading.ok) {
    site.problem(reading.reason, 0, reading.at);
    return { fixed: ANY_MESSAGE };
  }
  return { fixed: reading.selector };
}

function windowSource(site: OperationSite, arg: CompiledArgument | undefined): WindowSource {
  if (arg === undefined) return { fixed: MAX_HISTORY_WINDOW_MS };
  if (!arg.known) return { fixed: undefined, evaluate: arg.evaluate };
  const span = windowMs(arg.value);
  if (typeof span === "string") site.problem(span, 1);
  return { fixed: typeof span === "number" ? span : MAX_HISTORY_WINDOW_MS };
}

/** A window's milliseconds, or why it is not one. */
function windowMs(value: unknown): number | string {
  const parsed = parseDuration(value);
  if (!parsed.ok) return `the window: ${parsed.reason}`;
  if (!(parsed.milliseconds > 0) || parsed.milliseconds > MAX_HISTORY_WINDOW_MS) return `the window must be longer than 0 and at most 730 days ("730d"), got ${JSON.stringify(value)}`;
  return parsed.milliseconds;
}

/** Whether an entry matches the selector; tags read are charged. */
function matches(selector: MessageSelector, entry: Record<string, unknown>, campaign: string, channel: unknown, context: EvaluationContext, path: string): boolean {
  if (selector.campaign !== null && !selector.campaign.has(campaign, context, path)) return false;
  if (selector.channel !== null && !(typeof channel === "string" && selector.channel.has(channel, context, path))) return false;
  if (selector.tag !== null) {
    const tags = ownValue(entry, "tags");
    if (!Array.isArray(tags)) return false;
    context.charge(tags.length, path);
    const wanted = selector.tag;
    for (let index = 0; index < tags.length; index++) {
      const tag: unknown = tags[index];
      if (typeof tag === "string" && wanted.has(tag, context, path)) return true;
    }
    return false;
  }
  return true;
}

/**
 * The answer of `query` over the history's list: the number of entries in `[from, to]` matching the
 * selector, or the latest one's instant (null when none).
 */
function scanHistory(query: HistoryQuery, history: unknown, selector: MessageSelector, from: number, to: number, context: EvaluationContext, path: string): number | null {
  const list = typeof history === "object" && history !== null ? ownValue(history, query.list) : undefined;
  let count = 0;
  let latest: number | null = null;
  if (Array.isArray(list)) {
    context.charge(list.length * ENTRY_COST, path);
    const deliveries = query.list === "deliveries";
    const kind = query.kind;
    for (let index = 0; index < list.length; index++) {
      const entry: unknown = list[index];
      if (!isPlainObject(entry)) continue;
      const at = ownValue(entry, "at");
      if (!isInstant(at) || at < from || at > to) continue;
      if (!deliveries && ownValue(entry, "kind") !== kind) continue;
      const campaign = ownValue(entry, "campaign");
      if (!isHistoryText(campaign)) continue;
      // A delivery names its channel; an engagement may not know it.
      const channel = ownValue(entry, "channel");
      if (deliveries || channel !== undefined ? !isHistoryText(channel) : false) continue;
      if (!matches(selector, entry, campaign, channel, context, path)) continue;
      count++;
      if (latest === null || at > latest) latest = at;
    }
  }
  return query.answer === "count" ? count : latest;
}

function compileHistoryQuery(query: HistoryQuery) {
  return (site: OperationSite): Evaluator => {
    const selectorArg = site.args[0];
    const selector = selectorSource(site, selectorArg);
    const window = query.answer === "count" ? windowSource(site, site.args[1]) : { fixed: MAX_HISTORY_WINDOW_MS };
    const now = site.rootNow();
    const history = site.rootHistory();
    const path = site.path;
    const charge = (context: EvaluationContext) => (units: number) => context.charge(units, path);
    // Recorded when explaining (the selector's node then runs, for the trace alone).
    const traceSelector = selector.fixed !== undefined && selectorArg !== undefined && !selectorArg.known ? selectorArg.evaluate : undefined;
    return (data, context) => {
      let select: MessageSelector | typeof NO_SELECTOR = NO_SELECTOR;
      if (selector.fixed !== undefined) {
        traceSelector?.(data, context);
        select = selector.fixed;
      } else {
        const reading = readSelector(selector.evaluate(data, context), charge(context));
        if (reading.ok) select = reading.selector;
      }
      let span: number | string;
      if (window.fixed !== undefined) span = window.fixed;
      else {
        const value = window.evaluate(data, context);
        // Parsing trims the whole string first: one unit per character.
        if (typeof value === "string") context.charge(value.length, path);
        span = windowMs(value);
      }
      const current = toEpochMilliseconds(now(data, context));
      if (select === NO_SELECTOR || typeof span === "string" || current === undefined) return null;
      return scanHistory(query, history(data, context), select, current - span, current, context, path);
    };
  };
}

const selectorArgument = (index: number, rule: unknown, isOperator: (name: string) => boolean): boolean => index === 0 && isSelectorLiteral(rule, isOperator);

function countSpec(list: HistoryList, kind: EngagementKind | undefined): OperatorSpec {
  return { minArgs: 1, maxArgs: 2, pure: true, dataArgument: selectorArgument, compile: compileHistoryQuery({ list, kind, answer: "count" }) };
}

function latestSpec(list: HistoryList, kind: EngagementKind | undefined): OperatorSpec {
  return { minArgs: 0, maxArgs: 1, pure: true, dataArgument: selectorArgument, compile: compileHistoryQuery({ list, kind, answer: "latest" }) };
}

/** The message-history operators: counts in a window and latest instants, over `history` in the root data. */
export const messageHistoryOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["received", countSpec("deliveries", undefined)],
  ["opened", countSpec("engagement", "opened")],
  ["clicked", countSpec("engagement", "clicked")],
  ["converted", countSpec("engagement", "converted")],
  ["last_message_at", latestSpec("deliveries", undefined)],
  ["last_opened_at", latestSpec("engagement", "opened")],
  ["last_clicked_at", latestSpec("engagement", "clicked")],
  ["last_converted_at", latestSpec("engagement", "converted")],
]);
