import type { CapPolicy } from "../../caps/policy/cap-policy-model.js";
import type { Channel } from "../../channels/channel.js";
import type { ChannelCampaign } from "../../channels/policy/channel-policy-model.js";
import type { InAppFormat } from "../../channels/surface.js";
import type { CompiledExperiment } from "../../experiments/config/experiment-model.js";
import type { CompiledRule } from "../../rules/compile-options.js";
import type { CampaignStatus } from "../../schema/campaign-schema.js";
import type { CompiledChannelContent } from "../content/content-model.js";

export type CompiledTrigger =
  | {
      readonly kind: "event";
      readonly event: string;
      readonly where: CompiledRule | null;
      readonly delayMs: number;
      readonly cancelOn: readonly string[];
    }
  | { readonly kind: "segment-entry"; readonly segment: string }
  | { readonly kind: "inactivity"; readonly event: string; readonly forMs: number }
  /** `at` an instant, or `local` wall-clock fields read in each user's zone. */
  | { readonly kind: "scheduled"; readonly at: number | null; readonly local: readonly [number, number, number, number, number, number] | null };

export interface CompiledSchedule {
  readonly start: number | null;
  readonly end: number | null;
  /** Allowed days of the week (0 = Sunday), or null for every day. */
  readonly days: ReadonlySet<number> | null;
  /** Allowed local minutes of the day [from, to), wrapping past midnight when from > to; null for all day. */
  readonly hours: { readonly from: number; readonly to: number } | null;
}

export interface CompiledAudience {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly where: CompiledRule | null;
}

export type CompiledReEligibility = { readonly kind: "always" } | { readonly kind: "once" } | { readonly kind: "after"; readonly ms: number };

/** A campaign's best-send-time settings, durations in ms (the prior null: every hour alike): the same in the IR and compiled. */
export interface SendTimeIR {
  readonly withinMs: number;
  readonly halfLifeMs: number;
  readonly prior: readonly number[] | null;
  readonly priorStrength: number;
  readonly epsilon: number;
  readonly exploration: "epsilon" | "thompson";
}

/** A campaign, validated and compiled: everything a decision reads, nothing parsed again. */
export interface CompiledCampaign {
  /** Position in the config (stable, for messages). */
  readonly index: number;
  readonly id: string;
  readonly status: CampaignStatus;
  readonly priority: number;
  readonly category: string;
  readonly tags: readonly string[] | undefined;
  readonly format: InAppFormat | undefined;
  readonly placement: string | undefined;
  readonly dismissible: boolean;
  readonly trigger: CompiledTrigger;
  readonly schedule: CompiledSchedule | null;
  readonly audience: CompiledAudience | null;
  readonly experiment: CompiledExperiment | null;
  readonly channel: ChannelCampaign;
  /** The global cap policy plus this campaign's own caps (the global one itself when it has none). */
  readonly caps: CapPolicy;
  readonly reEligibility: CompiledReEligibility;
  /** Content per variant id ("" without an experiment), per channel: campaign fields with the variant's over them. */
  readonly content: ReadonlyMap<string, ReadonlyMap<Channel, CompiledChannelContent>>;
  /** Exempt from the global holdout (critical and transactional categories). */
  readonly holdoutExempt: boolean;
  /** Null: send now; else at the user's best time within the window. */
  readonly sendTime: SendTimeIR | null;
}
