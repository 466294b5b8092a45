import type { ExposureEvent, MessageOutcomeEvent } from "./outcome-vocabulary.js";

/** A journey message's place: the step (node), the entry and the step's iteration (what a decision's `journey` holds). */
export interface JourneyPlace {
  readonly node: string;
  readonly entry: number;
  readonly iteration: number;
}

/** What `outcomesOfResult` reads of an engine result (`decide` or `due`): its decisions and exposure records. */
export interface DecidedMessages {
  readonly decisions: readonly { readonly campaignId: string; readonly variantId: string | null; readonly channel: string; readonly sendAt: number; readonly journey?: JourneyPlace }[];
  readonly records: readonly ({ readonly type: string } & { readonly exposure?: { readonly campaign: string; readonly experiment: string; readonly variant: string | null; readonly at: number; readonly control: boolean; readonly holdout?: boolean } })[];
}

/**
 * The delivery id nudgekit gives a decided message: campaign, channel and send time, unique per user
 * (a journey's message adds its entry, step and iteration: two steps may go at one instant).
 * Use it as your provider's message id (or keep the mapping) so that opens and clicks find their message.
 *
 * @example
 * deliveryIdOf({ campaignId: "cart-abandonment", channel: "push", sendAt: 1795460400000 }); // "cart-abandonment/push/1795460400000"
 * deliveryIdOf({ campaignId: "onboarding", channel: "push", sendAt: 1795460400000, journey: { entry: 1, node: "tip", iteration: 0 } });
 * // "onboarding/push/1795460400000/1/tip/0"
 */
export function deliveryIdOf(decision: { readonly campaignId: string; readonly channel: string; readonly sendAt: number; readonly journey?: JourneyPlace | undefined }): string {
  const { journey } = decision;
  return `${decision.campaignId}/${decision.channel}/${decision.sendAt}${journey === undefined ? "" : `/${journey.entry}/${journey.node}/${journey.iteration}`}`;
}

/**
 * The metrics events an engine result stands for: a `sent` per decision (at its `sendAt`, with
 * `deliveryIdOf` as delivery id) and an `exposure` per exposure record (experiment arms, control
 * and global holdout). Fold them with the provider's outcomes and the user's events. A journey's
 * message counts under the journey's id with its step as the variant, so that KPIs by variant are
 * per step and a goal (a conversion of the journey, with the metrics config read from the engine
 * config) is credited by the attribution model: under last-touch, the last step sent before it.
 *
 * @example
 * const result = engine.decide({ event, user, now });
 * foldOutcomes(state, outcomesOfResult(user.id, result), metrics);
 */
export function outcomesOfResult(userId: string, result: DecidedMessages): (MessageOutcomeEvent | ExposureEvent)[] {
  const events: (MessageOutcomeEvent | ExposureEvent)[] = [];
  for (const decision of result.decisions) {
    const deliveryId = deliveryIdOf(decision);
    const variantId = decision.journey === undefined ? decision.variantId : decision.journey.node;
    events.push({ outcome: "sent", id: `sent/${deliveryId}`, userId, time: decision.sendAt, campaignId: decision.campaignId, variantId, channel: decision.channel, deliveryId });
  }
  for (const record of result.records) {
    const exposure = record.type === "exposure" ? record.exposure : undefined;
    if (exposure === undefined) continue;
    events.push({
      outcome: "exposure",
      id: `exposure/${exposure.campaign}/${exposure.experiment}/${exposure.at}`,
      userId,
      time: exposure.at,
      campaignId: exposure.campaign,
      experimentId: exposure.experiment,
      variantId: exposure.variant,
      control: exposure.control,
      holdout: exposure.holdout === true,
    });
  }
  return events;
}
