import type { DeliveryHistory } from "../../caps/history/delivery.js";
import type { ChannelChoice, ChannelRejection } from "../../channels/choice/channel-choice.js";
import { chooseCompiledChannel } from "../../channels/choice/choose-compiled-channel.js";
import type { CompiledCampaign } from "../model/compiled-campaign.js";
import { isoInstant } from "../../time/instant.js";
import type { ZoneClock } from "../../time-zones/zone-clock.js";
import { passed, refused, type StepResult } from "./step-verdict.js";

const CAPS_REASONS: ReadonlySet<string> = new Set(["cap", "cooldown", "quiet-hours"]);

export interface ChannelOutcome {
  /** Step 5: is any channel eligible for this user, category and context? */
  readonly channel: StepResult;
  /** Step 6: may it go now, later (deferred to an exact instant), or not at all? */
  readonly caps: StepResult;
  readonly choice: ChannelChoice;
}

const describe = (rejection: ChannelRejection): string => `${rejection.channel}: ${rejection.detail}`;

/** When the campaign sends later than now by choice (its best send time), and why. */
export interface PlannedSendTime {
  readonly at: number;
  readonly because: string;
}

/**
 * Steps 5 and 6 together, as nudgekit/channels does them: eligibility, then caps, fallback and
 * deferral. With `planned` (a best send time), caps and quiet hours are asked from that instant,
 * and every delivery is deferred to it or later.
 */
export function channelStep(campaign: CompiledCampaign, user: unknown, now: number, history: DeliveryHistory, zones: ZoneClock, planned: PlannedSendTime | null = null): ChannelOutcome {
  const outcome = channelStepAt(campaign, user, planned?.at ?? now, history, zones);
  if (planned === null || planned.at <= now || !outcome.caps.pass) return outcome;
  const deliveries = outcome.choice.deliveries.map((delivery) => ({ ...delivery, deferred: true }));
  const plan = deliveries.map((delivery) => `${delivery.channel} deferred to ${isoInstant(delivery.sendAt)}`).join(", ");
  return { channel: outcome.channel, caps: passed(`${plan}: its best send time, ${planned.because}${capsNote(outcome)}`), choice: { ...outcome.choice, deliveries } };
}

/** What caps and quiet hours added to the plan at the best send time, if anything. */
const capsNote = (outcome: ChannelOutcome): string => (outcome.choice.deliveries.some((entry) => entry.deferred) ? ` (then ${outcome.caps.detail})` : "");

function channelStepAt(campaign: CompiledCampaign, user: unknown, now: number, history: DeliveryHistory, zones: ZoneClock): ChannelOutcome {
  const choice = chooseCompiledChannel(campaign.channel, user, now, { policy: campaign.caps, history }, zones);
  const capped = choice.rejected.filter((rejection) => CAPS_REASONS.has(rejection.reason));
  if (choice.ranked.length === 0) {
    const result = refused(choice.rejected[0]?.reason ?? "no-channel", `no eligible channel: ${choice.rejected.map(describe).join("; ")}`);
    return { channel: result, caps: refused("not-reached", "no channel to check"), choice };
  }
  const channel = passed(`eligible: ${choice.ranked.map((entry) => entry.channel).join(", ")}`);
  if (choice.deliveries.length === 0) {
    let retryAt: number | null = null;
    for (const rejection of capped) if (typeof rejection.retryAt === "number" && (retryAt === null || rejection.retryAt < retryAt)) retryAt = rejection.retryAt;
    const first = capped[0] ?? choice.rejected[0];
    return { channel, caps: refused(first?.reason ?? "capped", capped.map(describe).join("; ") || "no channel may carry it", retryAt), choice };
  }
  const plan = choice.deliveries.map((delivery) => (delivery.deferred ? `${delivery.channel} deferred to ${isoInstant(delivery.sendAt)}` : `${delivery.channel} now`)).join(", ");
  return { channel, caps: passed(capped.length === 0 ? plan : `${plan} (${capped.map(describe).join("; ")})`), choice };
}
