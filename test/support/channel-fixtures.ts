import type { Channel, ChannelUserInput } from "../../src/channels/index.js";

export const NOW = Date.parse("2026-11-23T12:00:00Z");
export const H = 3_600_000;

/** A user every channel can reach: in an active web session, opted in, with valid tokens and verified addresses. */
export function reachableUser(overrides: Partial<ChannelUserInput> = {}): ChannelUserInput {
  return {
    timeZone: "Europe/Paris",
    session: { active: true, online: true, platform: "web", id: "session-1" },
    consents: {
      push: { optedIn: true, tokens: [{ platform: "ios" }] },
      web_push: { optedIn: true, tokens: [{ platform: "web" }] },
      email: { optedIn: true, verified: true },
      sms: { optedIn: true, verified: true },
    },
    ...overrides,
  };
}

/** A reachable user without what `channel` needs to be opted into (in-app needs nothing). */
export function withoutOptIn(user: ChannelUserInput, channel: Channel): ChannelUserInput {
  if (channel === "in_app") return user;
  return { ...user, consents: { ...user.consents, [channel]: { ...user.consents?.[channel], optedIn: false } } };
}

/** A reachable user who is not in the app. */
export function outOfSession(user: ChannelUserInput = reachableUser()): ChannelUserInput {
  return { ...user, session: { active: false } };
}
