import { checkCompiledCaps, type CapDecision } from "../../caps/check/check-compiled-caps.js";
import type { CapCandidate, Delivery, DeliveryHistory } from "../../caps/history/delivery.js";
import { recordDelivery } from "../../caps/history/record-delivery.js";
import type { CapPolicy } from "../../caps/policy/cap-policy-model.js";
import type { CapPolicyInput } from "../../caps/policy/cap-policy-schema.js";
import type { Channel } from "../channel.js";
import type { ZoneClock } from "../../time-zones/zone-clock.js";
import type { ChannelCampaign } from "../policy/channel-policy-model.js";

/** The user's caps: the policy of nudgekit/caps and their delivery history. */
export interface ChannelCaps {
  readonly policy: CapPolicyInput | CapPolicy;
  readonly history: DeliveryHistory;
}

/** `ChannelCaps` with the policy compiled. */
export interface CompiledChannelCaps {
  readonly policy: CapPolicy;
  readonly history: DeliveryHistory;
}

type CapMessage = Omit<Delivery, "at" | "session"> & CapCandidate;

// What a campaign sends on a channel, as caps see it, is the same for every user: built once.
const messagesByCampaign = new WeakMap<ChannelCampaign, Map<Channel, CapMessage>>();

function campaignMessage(campaign: ChannelCampaign, channel: Channel): CapMessage {
  let messages = messagesByCampaign.get(campaign);
  if (messages === undefined) messagesByCampaign.set(campaign, (messages = new Map()));
  let message = messages.get(channel);
  if (message === undefined) {
    const { categoryPolicy } = campaign;
    message = Object.freeze({
      channel,
      campaign: campaign.id,
      ...(campaign.tags === undefined ? {} : { tags: campaign.tags }),
      ...(campaign.placement === undefined ? {} : { placement: campaign.placement }),
      ...(categoryPolicy.ignoreCaps ? { ignoreCaps: true } : {}),
      ...(categoryPolicy.ignoreQuietHours ? { ignoreQuietHours: true } : {}),
      ...(categoryPolicy.countsTowardCaps ? {} : { counts: false }),
    });
    messages.set(channel, message);
  }
  return message;
}

/**
 * Asks nudgekit/caps about each channel of one choice. Sends the choice plans are recorded as it
 * goes, so a fan-out cannot together exceed a cap shared by several channels.
 */
export class CapsGate {
  readonly #policy: CapPolicy | undefined;
  #history: DeliveryHistory;
  readonly #campaign: ChannelCampaign;
  readonly #session: string | undefined;
  readonly #zone: string;
  readonly #zones: ZoneClock;

  constructor(caps: CompiledChannelCaps | undefined, campaign: ChannelCampaign, session: string | undefined, zone: string, zones: ZoneClock) {
    this.#policy = caps?.policy;
    this.#history = caps?.history ?? { deliveries: [] };
    this.#campaign = campaign;
    this.#session = session;
    this.#zone = zone;
    this.#zones = zones;
  }

  #message(channel: Channel): CapMessage & { readonly session?: string } {
    const message = campaignMessage(this.#campaign, channel);
    // Session caps count in-app messages of the session.
    return channel === "in_app" && this.#session !== undefined ? { ...message, session: this.#session } : message;
  }

  /** May the channel carry the message at `at`, given the history and the sends planned so far? */
  check(channel: Channel, at: number): CapDecision {
    if (this.#policy === undefined) return { allowed: true };
    return checkCompiledCaps(this.#policy, this.#history, this.#message(channel), at, this.#zone, this.#zones);
  }

  /** Counts a planned send in the checks that follow. */
  plan(channel: Channel, at: number): void {
    const policy = this.#policy;
    if (policy === undefined) return;
    const { ignoreCaps: _ignoreCaps, ignoreQuietHours: _ignoreQuietHours, ...message } = this.#message(channel);
    const delivery: Delivery = { ...message, at };
    // A send no cap or cooldown counts changes no check (quiet hours do not read the history), and
    // a new history array is scanned on its first check: copy only when it matters.
    if (delivery.counts === false || !(policy.caps.some((cap) => cap.matches(delivery)) || policy.cooldowns.some((cooldown) => cooldown.matches(delivery)))) return;
    this.#history = recordDelivery(this.#history, delivery);
  }
}
