import type { CapPolicy } from "../../caps/policy/cap-policy-model.js";
import type { ChannelPolicy } from "../../channels/policy/channel-policy-model.js";
import type { CompiledHoldout } from "../../experiments/config/experiment-model.js";
import type { ArbitrationSettings } from "../../schema/engine-config-schema.js";
import type { AggregatePolicy } from "../../segments/aggregates/aggregate-policy-model.js";
import type { SegmentSet } from "../../segments/membership/segment-set.js";
import type { ZoneClock } from "../../time-zones/zone-clock.js";
import type { CompiledCampaign } from "./compiled-campaign.js";
import type { CompiledJourney } from "../../journeys/definition/journey-model.js";

/** A journey the engine runs: the journey, and each message step's campaign (how it is sent), by node id. */
export interface EngineJourney {
  readonly journey: CompiledJourney;
  readonly messages: ReadonlyMap<string, CompiledCampaign>;
  /** Message steps that skip a message caps or quiet hours hold back (`onHeld: "skip"`). */
  readonly skipHeld: ReadonlySet<string>;
}

/** A config linked from its IR (see `linkEngine`): immutable, shared by every call. */
export interface CompiledEngine {
  /** Every campaign in config order (also drafts, paused and archived ones, for `explain`). */
  readonly campaigns: readonly CompiledCampaign[];
  readonly byId: ReadonlyMap<string, CompiledCampaign>;
  /** Active event-triggered campaigns by trigger event, highest priority first. */
  readonly byEvent: ReadonlyMap<string, readonly CompiledCampaign[]>;
  /** Active campaigns without a triggering event (segment entry, inactivity, scheduled), for `due`. */
  readonly dueCampaigns: readonly CompiledCampaign[];
  readonly segments: SegmentSet;
  readonly holdout: CompiledHoldout | null;
  readonly arbitration: ArbitrationSettings;
  readonly capPolicy: CapPolicy;
  readonly channelPolicy: ChannelPolicy;
  /** The zone for users without a valid one. */
  readonly timeZone: string;
  /** Zone arithmetic on the engine's time-zone provider (the `timeZones` option). */
  readonly zones: ZoneClock;
  /** The events to fold per user (the replay does), or null when the config has none. */
  readonly behaviour: AggregatePolicy | null;
  /** The behavioural operators' horizon in trigger and audience rules (the behaviour policy's, or 90). */
  readonly horizonDays: number;
  /** The config's journeys in config order. */
  readonly journeys: readonly EngineJourney[];
}
