import { parseSections } from "../engine/compile/parse-sections.js";
import type { Campaign } from "../schema/campaign-schema.js";
import { toEpochMilliseconds } from "../time/timestamp.js";
import { collectRuleVocabulary, emptyRuleVocabulary, type RuleVocabulary } from "./rule-vocabulary.js";

/**
 * The words of a config: event names, the paths its rules read and the constants they compare them
 * with, instants, segments, tags… Generators fed with it produce users and events that can actually
 * satisfy the config's triggers and audiences (random ones almost never would).
 */
export interface ConfigVocabulary {
  /** Every event name the config mentions: triggers, cancelOn, inactivity, behaviour, behavioural operators. */
  readonly events: readonly string[];
  /** Events that trigger active or inactive event campaigns (what `decide` reacts to). */
  readonly triggerEvents: readonly string[];
  /** Events the config aggregates (`behaviour.events`). */
  readonly trackedEvents: readonly string[];
  /** Events behavioural operators in its rules count (`event_count`, `active_days`, …): generated pasts favour them. */
  readonly behaviourEvents: readonly string[];
  /** Per segment, the events its rule counts, and the segments it includes and excludes. */
  readonly segmentEvents: Readonly<Record<string, { readonly events: readonly string[]; readonly include: readonly string[]; readonly exclude: readonly string[] }>>;
  /** Every `var` path a trigger, audience or segment rule reads, e.g. `event.properties.value`. */
  readonly paths: readonly string[];
  /** Per path, the literals rules compare it with (numbers with their neighbours, so both outcomes happen). */
  readonly constants: Readonly<Record<string, readonly unknown[]>>;
  /** Per event name, per property path (`value`, `cart.total`), values its triggers compare or aggregate. */
  readonly eventProperties: Readonly<Record<string, Readonly<Record<string, readonly unknown[]>>>>;
  /** Paths under `user.` (without the prefix, e.g. `attributes.plan`) and their constants; `behaviour` excluded. */
  readonly userFields: Readonly<Record<string, readonly unknown[]>>;
  /** Paths under `session.` (e.g. `platform`) and their constants. */
  readonly sessionFields: Readonly<Record<string, readonly unknown[]>>;
  /** Instants the config names (schedules, scheduled sends, rule literals), epoch ms ascending; local times read as UTC. */
  readonly instants: readonly number[];
  /** The config's zone for users without one. */
  readonly timeZone: string;
  readonly campaigns: readonly string[];
  readonly segments: readonly string[];
  readonly tags: readonly string[];
  readonly categories: readonly string[];
  readonly placements: readonly string[];
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/;
/** Values for aggregated numeric properties nothing compares. */
const AMOUNTS: readonly unknown[] = [0, 1, 9.99, 25, 120];

/** A scheduled `at`: an instant, or a local wall-clock time read as UTC (zones move it by hours at most). */
function scheduledInstant(text: string): number | undefined {
  const at = toEpochMilliseconds(text);
  if (at !== undefined) return at;
  const match = LOCAL_DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const local = Date.UTC(year!, month! - 1, day!, hour!, minute!, Number.isNaN(second) ? 0 : second!);
  return Number.isFinite(local) ? local : undefined;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

function valuesOf(rules: RuleVocabulary, path: string): unknown[] {
  return [...(rules.constants.get(path)?.values() ?? [])];
}

/** Paths under a prefix, without it, with their constants. */
function fieldsUnder(rules: RuleVocabulary, paths: Iterable<string>, prefix: string, skip?: string): Record<string, unknown[]> {
  const entries: [string, unknown[]][] = [];
  for (const path of paths) {
    if (!path.startsWith(prefix) || path.length === prefix.length) continue;
    const field = path.slice(prefix.length);
    if (skip !== undefined && (field === skip || field.startsWith(`${skip}.`))) continue;
    entries.push([field, valuesOf(rules, path)]);
  }
  return Object.fromEntries(entries);
}

function campaignInstants(campaign: Campaign): number[] {
  const instants: (number | undefined)[] = [];
  if ("scheduled" in campaign.trigger) instants.push(scheduledInstant(campaign.trigger.scheduled.at));
  if (campaign.schedule?.start !== undefined) instants.push(toEpochMilliseconds(campaign.schedule.start));
  if (campaign.schedule?.end !== undefined) instants.push(toEpochMilliseconds(campaign.schedule.end));
  return instants.filter((at): at is number => at !== undefined);
}

/**
 * Extracts a config's vocabulary. Works on any JSON: sections or campaigns that do not parse are
 * skipped (so it also helps to investigate a config `createEngine` refuses). Never throws.
 */
export function configVocabulary(config: unknown): ConfigVocabulary {
  const { sections, campaigns: parsed } = parseSections(config);
  const campaigns = parsed.filter((campaign): campaign is Campaign => campaign !== undefined);
  const all = emptyRuleVocabulary();
  const events = new Set<string>();
  const triggerEvents = new Set<string>();
  const tracked = sections.behaviour?.events ?? new Map<string, { properties?: ReadonlyMap<string, unknown> }>();
  const trackedEvents = [...tracked.keys()];
  const instants = new Set<number>();
  // Per trigger event, the paths its campaigns' trigger and audience conditions read.
  const eventRules = new Map<string, RuleVocabulary>();

  for (const event of trackedEvents) events.add(event);
  // A Map: segment ids are the config's, and "__proto__" must stay a key, not a prototype.
  const segmentEvents = new Map<string, { events: string[]; include: string[]; exclude: string[] }>();
  for (const segment of sections.segments ?? []) {
    collectRuleVocabulary(segment.rule, all);
    const own = emptyRuleVocabulary();
    collectRuleVocabulary(segment.rule, own);
    segmentEvents.set(segment.id, { events: sorted(own.behaviourEvents), include: [...(segment.include ?? [])], exclude: [...(segment.exclude ?? [])] });
  }
  for (const campaign of campaigns) {
    const trigger = campaign.trigger;
    const where = "event" in trigger ? trigger.where : undefined;
    if ("event" in trigger) {
      events.add(trigger.event);
      triggerEvents.add(trigger.event);
      for (const cancel of trigger.cancelOn ?? []) events.add(cancel);
    } else if ("inactivity" in trigger) events.add(trigger.inactivity.event);
    // The audience condition sees the triggering event too: its paths belong to that event.
    for (const rules of "event" in trigger ? [all, eventRulesOf(eventRules, trigger.event)] : [all]) {
      collectRuleVocabulary(where, rules);
      collectRuleVocabulary(campaign.audience?.where, rules);
    }
    for (const at of campaignInstants(campaign)) instants.add(at);
  }
  for (const event of all.behaviourEvents) events.add(event);
  for (const at of all.instants) instants.add(at);

  const eventProperties: Record<string, Record<string, unknown[]>> = {};
  for (const event of sorted([...triggerEvents, ...trackedEvents])) {
    const rules = eventRules.get(event);
    const properties = rules === undefined ? {} : fieldsUnder(rules, rules.paths, "event.properties.");
    for (const property of tracked.get(event)?.properties?.keys() ?? []) {
      if (!Object.hasOwn(properties, property)) properties[property] = [...AMOUNTS];
    }
    eventProperties[event] = properties;
  }

  return {
    events: sorted(events),
    triggerEvents: sorted(triggerEvents),
    trackedEvents: sorted(trackedEvents),
    behaviourEvents: sorted(all.behaviourEvents),
    segmentEvents: Object.fromEntries(segmentEvents),
    paths: sorted(all.paths),
    constants: Object.fromEntries(sorted(all.paths).map((path) => [path, valuesOf(all, path)])),
    eventProperties,
    userFields: fieldsUnder(all, sorted(all.paths), "user.", "behaviour"),
    sessionFields: fieldsUnder(all, sorted(all.paths), "session."),
    instants: [...instants].sort((a, b) => a - b),
    timeZone: sections.timeZone ?? "UTC",
    campaigns: campaigns.map((campaign) => campaign.id),
    segments: (sections.segments ?? []).map((segment) => segment.id),
    tags: sorted([...(sections.tags ?? []), ...campaigns.flatMap((campaign) => campaign.tags ?? [])]),
    categories: sorted(campaigns.map((campaign) => campaign.category)),
    placements: sorted(campaigns.flatMap((campaign) => (campaign.placement === undefined ? [] : [campaign.placement]))),
  };
}

function eventRulesOf(byEvent: Map<string, RuleVocabulary>, event: string): RuleVocabulary {
  let rules = byEvent.get(event);
  if (rules === undefined) byEvent.set(event, (rules = emptyRuleVocabulary()));
  return rules;
}
