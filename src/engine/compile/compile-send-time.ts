import { MAX_SEND_WINDOW_MS, MIN_SEND_WINDOW_MS } from "../../channels/send-time/best-send-time.js";
import type { Campaign } from "../../schema/campaign-schema.js";
import { validatedDuration } from "../../time/duration.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import type { SendTimeIR } from "../model/compiled-campaign.js";

const DAY = 86_400_000;

/** A campaign's `sendTime` as the engine runs it: null to send now; the best time's settings otherwise. */
export function compileSendTime(campaign: Campaign, path: string, problems: LocatedProblem[]): SendTimeIR | null {
  const sendTime = campaign.sendTime;
  if (sendTime === undefined || sendTime === "now") return null;
  const best = sendTime === "best" ? { within: "24h" } : sendTime.best;
  const withinMs = validatedDuration(best.within);
  if (!(withinMs >= MIN_SEND_WINDOW_MS && withinMs <= MAX_SEND_WINDOW_MS)) problems.push({ path: `${path}/sendTime/best/within`, message: 'must be from 1 hour to 7 days, such as "24h"' });
  if (best.prior !== undefined && !best.prior.some((weight) => weight > 0)) problems.push({ path: `${path}/sendTime/best/prior`, message: "needs a weight above 0 (all 0 says nothing)" });
  // An in-app message shows while the user is in the app: there is no later best time for it.
  if (campaign.channels.includes("in_app")) problems.push({ path: `${path}/sendTime`, message: "a campaign sent at the best time cannot list in_app (an in-app message shows while the user is in the app)" });
  return { withinMs, halfLifeMs: best.halfLife === undefined ? 30 * DAY : validatedDuration(best.halfLife), prior: best.prior === undefined ? null : [...best.prior], priorStrength: best.priorStrength ?? 5, epsilon: best.epsilon ?? 0.1, exploration: best.exploration ?? "epsilon" };
}
