import { PLATFORMS } from "../surface.js";
import type { ChannelCampaign } from "../policy/channel-policy-model.js";
import type { SessionView } from "../user/channel-user.js";
import type { Ineligibility } from "./ineligibility.js";

/** In-app needs no opt-in, but the user must be in the app, online, on a platform the format fits. */
export function inAppRefusal(session: SessionView, campaign: ChannelCampaign): Ineligibility | undefined {
  if (!session.active) return { reason: "no-active-session", detail: "the user is not in the app now (user.session.active is not true)" };
  if (!session.online) return { reason: "offline", detail: "the app is offline (user.session.online is false): in-app messages are not decided for offline-first use" };
  const format = campaign.format;
  if (format === undefined) return undefined;
  const fits = campaign.policy.surfaces[format];
  // A format that fits every platform needs no known one.
  if (fits.size === PLATFORMS.length || (session.platform !== undefined && fits.has(session.platform))) return undefined;
  const where = [...fits].join(", ");
  return {
    reason: "surface-unsupported",
    detail: session.platform === undefined ? `a ${format} needs a known platform (${where}); user.session.platform names none` : `a ${format} fits ${where}, not ${session.platform} (user.session.platform)`,
  };
}
