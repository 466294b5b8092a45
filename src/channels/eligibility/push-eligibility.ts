import { isoInstant } from "../../time/instant.js";
import { toEpochMilliseconds } from "../../time/timestamp.js";
import { readPushConsent } from "../user/channel-user.js";
import { field } from "../../json/own-value.js";
import type { Ineligibility } from "./ineligibility.js";

const MOBILE: readonly string[] = ["ios", "android"];
const BROWSER: readonly string[] = ["web"];

/** A token counts when it is for one of the platforms, not marked invalid, and not expired (an unreadable expiry reads as expired). */
function hasValidToken(tokens: readonly unknown[], platforms: readonly string[], now: number): boolean {
  for (const token of tokens) {
    const platform = field(token, "platform");
    if (typeof platform !== "string" || !platforms.includes(platform) || field(token, "valid") === false) continue;
    const expiresAt = field(token, "expiresAt");
    if (expiresAt === undefined || expiresAt === null) return true;
    const expiry = toEpochMilliseconds(expiresAt);
    if (expiry !== undefined && expiry > now) return true;
  }
  return false;
}

/** Push and web push need the user's opt-in, a valid token for the platform, and not being muted. */
export function pushRefusal(user: unknown, channel: "push" | "web_push", now: number): Ineligibility | undefined {
  const consent = readPushConsent(user, channel);
  if (!consent.optedIn) return { reason: "not-opted-in", detail: `the user has not opted in to ${channel} (user.consents.${channel}.optedIn is not true)` };
  if (consent.muted) return { reason: "muted", detail: `the user muted ${channel} (user.consents.${channel}.muted)` };
  if (consent.mutedUntil !== undefined) {
    if (Number.isNaN(consent.mutedUntil)) return { reason: "muted", detail: `user.consents.${channel}.mutedUntil is not a valid instant (read as muted)` };
    if (consent.mutedUntil > now) return { reason: "muted", detail: `${channel} is snoozed until ${isoInstant(consent.mutedUntil)} (user.consents.${channel}.mutedUntil)` };
  }
  const platforms = channel === "push" ? MOBILE : BROWSER;
  if (!hasValidToken(consent.tokens, platforms, now)) return { reason: "no-valid-token", detail: `no valid, unexpired ${platforms.join(" or ")} token in user.consents.${channel}.tokens` };
  return undefined;
}
