import type { PlannedDelivery } from "../../channels/choice/channel-choice.js";
import type { ArbitrationSettings } from "../../schema/engine-config-schema.js";
import type { CompiledCampaign } from "../model/compiled-campaign.js";
import { passed, refused, type StepResult } from "./step-verdict.js";

/** A placement's limit per event: its own entry in `placements`, else 1 (a name such as `constructor` or `toString` is a placement like any other, never an inherited member). */
function placementLimitOf(settings: ArbitrationSettings, placement: string): number {
  const { placements } = settings;
  return placements !== undefined && Object.hasOwn(placements, placement) ? (placements[placement] as number) : 1;
}

/**
 * Step 7, across the campaigns of one call, taken in arbitration order (priority, then id): at most
 * `maxPerEvent` campaigns, `maxBlockingPerEvent` screen-taking in-app formats, and each placement's
 * limit (default 1). A campaign that loses is told which one won.
 */
export class Arbitration {
  readonly #settings: ArbitrationSettings;
  readonly #blocking: ReadonlySet<string>;
  #campaigns = 0;
  #blockingWinner: string[] = [];
  readonly #placements = new Map<string, string[]>();

  constructor(settings: ArbitrationSettings) {
    this.#settings = settings;
    this.#blocking = new Set(settings.blockingFormats);
  }

  /** Claims the campaign's slots when it fits, else says which limit stops it. Does not claim on refusal. */
  claim(campaign: CompiledCampaign, deliveries: readonly PlannedDelivery[]): StepResult {
    const settings = this.#settings;
    if (settings.maxPerEvent !== undefined && this.#campaigns >= settings.maxPerEvent) {
      return refused("max-per-event", `at most ${settings.maxPerEvent} message(s) per event, taken by higher-priority campaigns`);
    }
    const inApp = deliveries.some((delivery) => delivery.channel === "in_app");
    const blocking = inApp && campaign.format !== undefined && this.#blocking.has(campaign.format);
    if (blocking && this.#blockingWinner.length >= settings.maxBlockingPerEvent) {
      return refused("blocking-limit", `at most ${settings.maxBlockingPerEvent} ${[...this.#blocking].join(" / ")} per event: ${this.#blockingWinner.join(", ") || "none allowed"} ${this.#blockingWinner.length > 0 ? "won" : ""}`.trim());
    }
    const placement = inApp ? campaign.placement : undefined;
    const placementLimit = placement === undefined ? 0 : placementLimitOf(settings, placement);
    const holders = placement === undefined ? [] : (this.#placements.get(placement) ?? []);
    if (placement !== undefined && holders.length >= placementLimit) {
      return refused("placement-limit", `placement ${placement} takes ${placementLimit} message(s) per event${holders.length > 0 ? `: ${holders.join(", ")} won` : ""}`);
    }
    this.#campaigns++;
    if (blocking) this.#blockingWinner.push(campaign.id);
    if (placement !== undefined) this.#placements.set(placement, [...holders, campaign.id]);
    return passed(`priority ${campaign.priority}: fits the per-event limits`);
  }
}
