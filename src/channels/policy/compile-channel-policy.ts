import { childPointer } from "../../json/json-pointer.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import { CHANNEL_TRAITS, CHANNELS, type Channel } from "../channel.js";
import { DEFAULT_SURFACES, IN_APP_FORMATS, type InAppFormat, type Platform } from "../surface.js";
import { DEFAULT_CATEGORY_POLICIES, NEW_CATEGORY_DEFAULTS, type CategoryPolicy } from "./category-policy.js";
import { ChannelConfigError } from "./channel-config-error.js";
import { duplicateChannelProblem } from "./duplicate-channels.js";
import { channelPolicyBrand, linkChannelPolicy, type ChannelPolicy, type ChannelPolicyIR, type EngagementPrior } from "./channel-policy-model.js";
import { CATEGORY_NAME, channelPolicySchema, type CategoryPolicyInput, type ChannelPolicyInput } from "./channel-policy-schema.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import { zoneClock, type ZoneClock } from "../../time-zones/zone-clock.js";
import { isTimeZoneShape } from "../../time-zones/zone-name.js";

const compiled = new WeakMap<object, ChannelPolicy>();
let defaultPolicy: ChannelPolicy | undefined;
const UNIFORM_PRIOR: EngagementPrior = { alpha: 1, beta: 1 };

/** Own keys that zod's record would drop silently (`__proto__`) or reject with a less helpful message. */
function categoryKeyProblems(input: unknown): LocatedProblem[] {
  const categories = typeof input === "object" && input !== null ? (input as { categories?: unknown }).categories : undefined;
  if (typeof categories !== "object" || categories === null || Array.isArray(categories)) return [];
  return Object.keys(categories)
    .filter((name) => !CATEGORY_NAME.test(name))
    .map((name) => ({ path: childPointer("/categories", name), message: "is not a valid category name (lower case letters, digits, _ or -, starting with a letter)" }));
}

/** One category's policy: the built-in defaults (or a new category's) with the given fields replaced. */
function categoryPolicy(name: string, patch: CategoryPolicyInput, problems: LocatedProblem[]): CategoryPolicy | undefined {
  // Own keys only: "constructor" is a valid category name, not the built-in defaults' constructor.
  const base = Object.hasOwn(DEFAULT_CATEGORY_POLICIES, name) ? DEFAULT_CATEGORY_POLICIES[name] : undefined;
  const path = childPointer("/categories", name);
  const channels = patch.channels ?? base?.channels;
  if (channels === undefined) {
    problems.push({ path: `${path}/channels`, message: "a new category must list its channels" });
    return undefined;
  }
  const before = problems.length;
  channels.forEach((_channel, index) => {
    const duplicate = duplicateChannelProblem(channels, index, `${path}/channels`);
    if (duplicate !== undefined) problems.push(duplicate);
  });
  const policy: CategoryPolicy = { ...NEW_CATEGORY_DEFAULTS, ...base, ...stripUndefined(patch), channels, legalBasis: patch.legalBasis ?? base?.legalBasis ?? [] };
  policy.legalBasis.forEach((channel, index) => {
    if (!CHANNEL_TRAITS[channel].legalBasisReplacesOptIn) {
      problems.push({ path: `${path}/legalBasis/${index}`, message: `${channel} needs the user's own opt-in: a legal basis cannot replace it` });
    }
  });
  if (!policy.inAppAlone && !channels.some((channel) => CHANNEL_TRAITS[channel].reachesOutsideApp)) {
    problems.push({ path: `${path}/channels`, message: "never sends in-app alone (inAppAlone: false), so it needs a channel that reaches users outside the app" });
  }
  if (problems.length > before) return undefined;
  return { ...policy, channels };
}

/** The fields that are set (zod gives optional fields as present-but-undefined). */
function stripUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Options of `compileChannelPolicy`. */
export interface ChannelPolicyOptions {
  /** The provider that must know `defaultTimeZone` (default: `intlTimeZones`). */
  readonly timeZones?: TimeZoneProvider;
}

/**
 * Validates a channel policy once: the built-in category defaults with the given changes, extra
 * categories, surfaces, engagement priors and the default time zone (which `options.timeZones`
 * must know). Throws `ChannelConfigError` listing every problem with its JSON pointer. Compiled
 * policies are returned as they are; the same input object is compiled once; no input gives the
 * built-in policy.
 *
 * @example
 * const policy = compileChannelPolicy({ defaultTimeZone: "Europe/Paris" });
 * policy.defaultTimeZone; // → "Europe/Paris"
 */
export function compileChannelPolicy(input?: ChannelPolicyInput | ChannelPolicy | unknown, options: ChannelPolicyOptions = {}): ChannelPolicy {
  const zones = zoneClock(timeZoneProviderOption(options.timeZones));
  // Its zone was checked when it was compiled, with the provider it was compiled for (which the
  // default one here may not share: a zone only the pinned tz database knows).
  if (isCompiledChannelPolicy(input)) return input;
  return withZoneChecked(input, zones, () => compileChannelPolicyStructure(input));
}

/**
 * Validates a channel policy into its JSON IR, as `compileChannelPolicy` validates it (throws
 * `ChannelConfigError`): what a prepared config stores, and what `linkChannelPolicy` makes runnable.
 */
export function channelPolicyIR(input: unknown, options: ChannelPolicyOptions = {}): ChannelPolicyIR {
  const zones = zoneClock(timeZoneProviderOption(options.timeZones));
  return withZoneChecked(input, zones, () => channelPolicyStructureIR(input));
}

/** What `build` gives, once `zones` knows its default zone; every problem at once, the zone's too. */
function withZoneChecked<Policy extends { readonly defaultTimeZone: string }>(input: unknown, zones: ZoneClock, build: () => Policy): Policy {
  let policy: Policy;
  try {
    policy = build();
  } catch (error) {
    const rawZone = typeof input === "object" && input !== null ? (input as { defaultTimeZone?: unknown }).defaultTimeZone : undefined;
    const zoneProblem = unknownZoneProblem(rawZone, zones);
    if (error instanceof ChannelConfigError && zoneProblem !== undefined) throw new ChannelConfigError("channel policy", [...error.problems, zoneProblem]);
    throw error;
  }
  const zoneProblem = unknownZoneProblem(policy.defaultTimeZone, zones);
  if (zoneProblem !== undefined) throw new ChannelConfigError("channel policy", [zoneProblem]);
  return policy;
}

/** A zone of the right form that the provider does not know (a wrong form is the schema's problem). */
function unknownZoneProblem(zone: unknown, zones: ZoneClock): LocatedProblem | undefined {
  if (!isTimeZoneShape(zone) || zones.isValid(zone)) return undefined;
  return { path: "/defaultTimeZone", message: `${JSON.stringify(zone)} is not a time zone the ${zones.provider.name} provider knows (an IANA time zone such as "Europe/Paris", or an offset such as "+05:30")` };
}

const isCompiledChannelPolicy = (input: unknown): input is ChannelPolicy => typeof input === "object" && input !== null && (input as { [channelPolicyBrand]?: true })[channelPolicyBrand] === true;

/** The policy whatever the time-zone provider (cached per input object). */
function compileChannelPolicyStructure(input: unknown): ChannelPolicy {
  if (input === undefined) return (defaultPolicy ??= compileChannelPolicyStructure({}));
  if (typeof input === "object" && input !== null) {
    if ((input as { [channelPolicyBrand]?: true })[channelPolicyBrand] === true) return input as ChannelPolicy;
    const cached = compiled.get(input);
    if (cached !== undefined) return cached;
  }
  const policy = linkChannelPolicy(channelPolicyStructureIR(input));
  if (typeof input === "object" && input !== null) compiled.set(input, policy);
  return policy;
}

/** The policy's IR whatever the time-zone provider. */
function channelPolicyStructureIR(input: unknown): ChannelPolicyIR {
  const keyProblems = categoryKeyProblems(input);
  const parsed = channelPolicySchema.safeParse(input, EXPECTED_FORM_MESSAGES);
  if (!parsed.success || keyProblems.length > 0) throw new ChannelConfigError("channel policy", [...keyProblems, ...(parsed.success ? [] : zodProblems(parsed.error))]);
  const { categories: patches = {}, surfaces: surfacePatches = {}, engagementPrior, defaultTimeZone = "UTC" } = parsed.data;

  const problems: LocatedProblem[] = [];
  const categories = new Map<string, CategoryPolicy>();
  for (const name of Object.keys(DEFAULT_CATEGORY_POLICIES)) {
    if (!Object.hasOwn(patches, name)) categories.set(name, DEFAULT_CATEGORY_POLICIES[name] as CategoryPolicy);
  }
  for (const [name, patch] of Object.entries(patches)) {
    const policy = categoryPolicy(name, patch, problems);
    if (policy !== undefined) categories.set(name, policy);
  }
  if (problems.length > 0) throw new ChannelConfigError("channel policy", problems);

  const surfaces = Object.fromEntries(IN_APP_FORMATS.map((format) => [format, surfacePatches[format] ?? DEFAULT_SURFACES[format]])) as Record<InAppFormat, readonly Platform[]>;
  const perChannel = engagementPrior !== undefined && "alpha" in engagementPrior ? undefined : engagementPrior;
  const shared = engagementPrior !== undefined && "alpha" in engagementPrior ? engagementPrior : UNIFORM_PRIOR;
  const priors = Object.fromEntries(CHANNELS.map((channel) => [channel, perChannel?.[channel] === undefined ? shared : perChannel[channel]])) as Record<Channel, EngagementPrior>;
  return { categories: [...categories], surfaces, priors, defaultTimeZone };
}
