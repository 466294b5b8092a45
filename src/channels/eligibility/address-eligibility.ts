import { readAddressConsent } from "../user/channel-user.js";
import type { Ineligibility } from "./ineligibility.js";

/**
 * Email and SMS need the user's opt-in — or, for categories with a legal basis (transactional,
 * regulatory mail), not — and a verified address or number; email must not have bounced.
 */
export function addressRefusal(user: unknown, channel: "email" | "sms", legalBasis: boolean): Ineligibility | undefined {
  const consent = readAddressConsent(user, channel);
  if (!consent.optedIn && !legalBasis) return { reason: "not-opted-in", detail: `the user has not opted in to ${channel} (user.consents.${channel}.optedIn is not true)` };
  if (!consent.verified) return { reason: "not-verified", detail: `${channel === "email" ? "the email address" : "the phone number"} is not verified (user.consents.${channel}.verified is not true)` };
  if (channel === "email" && consent.bounced) return { reason: "bounced", detail: "the email address bounced (user.consents.email.bounced)" };
  return undefined;
}
