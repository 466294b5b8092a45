/**
 * The prepared config: a config validated and compiled by `prepareConfig`, as JSON. A browser (or
 * any runtime that should not carry the validation code) loads it with `loadEngine` from
 * `nudgekit/runtime` and decides exactly as `createEngine` would, without zod or the compilers'
 * checks. `createEngine(config)` itself is `loadEngine(prepareConfig(config))`.
 */
import type { CapPolicyData } from "../../caps/policy/cap-policy-data.js";
import type { Channel } from "../../channels/channel.js";
import type { ChannelCampaignData, ChannelPolicyData } from "../../channels/policy/channel-policy-data.js";
import type { InAppFormat } from "../../channels/surface.js";
import type { ExperimentData, HoldoutData } from "../../experiments/config/experiment-data.js";
import type { CampaignStatus } from "../../schema/campaign-schema.js";
import type { ArbitrationSettings } from "../../schema/engine-config-schema.js";
import type { AggregatePolicyData } from "../../segments/aggregates/aggregate-policy-data.js";
import type { SegmentsData } from "../../segments/definitions/segments-data.js";
import type { CompiledReEligibility, CompiledSchedule } from "../compile/compiled-campaign.js";
import type { TemplateData } from "../content/template-data.js";

/** Names the format; `loadEngine` refuses anything else. */
export const PREPARED_FORMAT = "nudgekit.prepared-config";
/** Changes whenever the prepared format does: a runtime refuses a config prepared for another. */
export const PREPARED_VERSION = 1;

export type PreparedTrigger =
  | { readonly kind: "event"; readonly event: string; readonly where: unknown; readonly delayMs: number; readonly cancelOn: readonly string[] }
  | { readonly kind: "segment-entry"; readonly segment: string }
  | { readonly kind: "inactivity"; readonly event: string; readonly forMs: number }
  | { readonly kind: "scheduled"; readonly at: number | null; readonly local: readonly [number, number, number, number, number, number] | null };

/** A compiled campaign as JSON: rules as written, templates parsed, sets as arrays. */
export interface PreparedCampaign {
  readonly index: number;
  readonly id: string;
  readonly status: CampaignStatus;
  readonly priority: number;
  readonly category: string;
  readonly tags?: readonly string[];
  readonly format?: InAppFormat;
  readonly placement?: string;
  readonly dismissible: boolean;
  readonly trigger: PreparedTrigger;
  readonly schedule: (Omit<CompiledSchedule, "days"> & { readonly days: readonly number[] | null }) | null;
  readonly audience: { readonly include: readonly string[]; readonly exclude: readonly string[]; readonly where: unknown } | null;
  readonly experiment: ExperimentData | null;
  readonly channel: ChannelCampaignData;
  /** Null: the config's cap policy (the campaign has no caps of its own). */
  readonly caps: CapPolicyData | null;
  readonly reEligibility: CompiledReEligibility;
  /** Per variant id ("" without an experiment), per channel, per field: the template. */
  readonly content: readonly (readonly [string, readonly (readonly [Channel, readonly (readonly [string, TemplateData])[]])[]])[];
  readonly holdoutExempt: boolean;
}

/** Everything a decision reads, as JSON: opaque to users (only `loadEngine` reads it; its layout changes with PREPARED_VERSION). */
export interface PreparedEngine {
  readonly campaigns: readonly PreparedCampaign[];
  readonly segments: SegmentsData;
  /** The behavioural operators' horizon in trigger and audience rules. */
  readonly horizonDays: number;
  readonly holdout: HoldoutData | null;
  readonly arbitration: ArbitrationSettings;
  readonly capPolicy: CapPolicyData;
  readonly channelPolicy: ChannelPolicyData;
  readonly timeZone: string;
  readonly behaviour: AggregatePolicyData | null;
}

/**
 * A config prepared by `prepareConfig`: plain JSON, safe to store, send and cache. Treat it as a
 * build artefact of your config, not as something to edit: `digest` lets `loadEngine` notice an
 * edit or a corruption (it is a checksum, not a signature).
 */
export interface PreparedConfig {
  readonly format: typeof PREPARED_FORMAT;
  readonly version: typeof PREPARED_VERSION;
  /** MurmurHash3 (x86, 32-bit) of `engine` as canonical JSON (keys sorted), 8 hex digits. */
  readonly digest: string;
  /**
   * The compiled config (a `PreparedEngine`). Typed `unknown` because it is opaque — only
   * `loadEngine` reads it, and checks it — and so that a prepared file read as JSON converts with
   * `as PreparedConfig` (`import prepared from "./prepared.json"`: the JSON's inferred types, such
   * as `number[]` for a pair, are not comparable with the exact ones).
   */
  readonly engine: unknown;
}
