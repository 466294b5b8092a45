import { describe, expect, it } from "vitest";
import { CHANNEL_TRAITS, chooseChannel, type Channel, type ChannelTraits } from "../../src/channels/index.js";
import { H, NOW, outOfSession, reachableUser, withoutOptIn } from "../support/channel-fixtures.js";

/**
 * The comparison the channels engine encodes, one row per channel: where a message shows, whether
 * the user must opt in, and when it can be sent. Each row is checked against the traits and against
 * what chooseChannel does.
 */
const COMPARISON: readonly (ChannelTraits & { channel: Channel })[] = [
  { channel: "in_app", shows: "inside-the-app", reachesOutsideApp: false, needsOptIn: false, legalBasisReplacesOptIn: false, timing: "session", archivable: false },
  { channel: "push", shows: "device-notification", reachesOutsideApp: true, needsOptIn: true, legalBasisReplacesOptIn: false, timing: "deferrable", archivable: false },
  { channel: "web_push", shows: "browser-notification", reachesOutsideApp: true, needsOptIn: true, legalBasisReplacesOptIn: false, timing: "deferrable", archivable: false },
  { channel: "email", shows: "inbox", reachesOutsideApp: true, needsOptIn: true, legalBasisReplacesOptIn: true, timing: "deferrable", archivable: true },
  { channel: "sms", shows: "text-messages", reachesOutsideApp: true, needsOptIn: true, legalBasisReplacesOptIn: true, timing: "deferrable", archivable: true },
];

const promotional = (channel: Channel, extra: object = {}) => ({ id: `only-${channel}`, category: "promotional", channels: [channel], ...extra });
/** Quiet hours on every channel, 21:00–08:00 in the user's zone (in-app listed too). */
const NIGHT = { quietHours: [{ id: "night", channels: ["in_app", "push", "web_push", "email", "sms"], from: "21:00", to: "08:00" }] };
const NIGHT_IN_PARIS = Date.parse("2026-11-23T22:00:00Z"); // 23:00 in Paris
const MORNING_IN_PARIS = Date.parse("2026-11-24T07:00:00Z"); // 08:00 in Paris

describe("in-app vs push vs web push vs email vs SMS", () => {
  it("the traits are the comparison table", () => {
    for (const { channel, ...traits } of COMPARISON) expect(CHANNEL_TRAITS[channel]).toEqual(traits);
    expect(Object.keys(CHANNEL_TRAITS).sort()).toEqual(COMPARISON.map((row) => row.channel).sort());
  });

  describe.each(COMPARISON)("$channel", (row) => {
    it(`opt-in: ${row.needsOptIn ? "needed" : "not needed"}`, () => {
      const choice = chooseChannel(promotional(row.channel), withoutOptIn(reachableUser(), row.channel), NOW);
      if (row.needsOptIn) {
        expect(choice.channel).toBeNull();
        expect(choice.rejected).toEqual([{ channel: row.channel, reason: "not-opted-in", detail: `the user has not opted in to ${row.channel} (user.consents.${row.channel}.optedIn is not true)` }]);
      } else {
        expect(choice.channel).toBe(row.channel);
      }
    });

    it(`where it shows: ${row.shows} (${row.reachesOutsideApp ? "reaches users outside the app" : "only users in the app"})`, () => {
      expect(chooseChannel(promotional(row.channel), reachableUser(), NOW).channel).toBe(row.channel);
      const away = chooseChannel(promotional(row.channel), outOfSession(), NOW);
      if (row.reachesOutsideApp) expect(away.channel).toBe(row.channel);
      else {
        expect(away.channel).toBeNull();
        expect(away.rejected[0]?.reason).toBe("no-active-session");
      }
    });

    it(`timing: ${row.timing === "deferrable" ? "waits for the exact instant quiet hours end" : "now, during the session, or not at all"}`, () => {
      const caps = { policy: NIGHT, history: { deliveries: [] } };
      const choice = chooseChannel(promotional(row.channel, { onBlocked: "defer" }), reachableUser(), NIGHT_IN_PARIS, { caps });
      if (row.timing === "deferrable") {
        expect(choice.deliveries).toEqual([{ channel: row.channel, sendAt: MORNING_IN_PARIS, deferred: true, counts: true }]);
      } else {
        expect(choice.channel).toBeNull();
        expect(choice.rejected).toEqual([
          {
            channel: row.channel,
            reason: "quiet-hours",
            rule: "night",
            retryAt: MORNING_IN_PARIS,
            detail: 'quiet-hours rule "night" refuses it until 2026-11-24T07:00:00.000Z, and in-app cannot wait past the session',
          },
        ]);
      }
      // In the daytime every channel goes at once.
      expect(chooseChannel(promotional(row.channel, { onBlocked: "defer" }), reachableUser(), NIGHT_IN_PARIS + 12 * H, { caps }).sendAt).toBe(NIGHT_IN_PARIS + 12 * H);
    });

    it(`a legal basis ${row.legalBasisReplacesOptIn ? "stands in for" : "cannot replace"} the opt-in`, () => {
      const policy = { categories: { service: { channels: [row.channel], legalBasis: [row.channel] } } };
      const campaign = { id: "service", category: "service", channels: [row.channel] };
      if (row.legalBasisReplacesOptIn) {
        expect(chooseChannel(campaign, withoutOptIn(reachableUser(), row.channel), NOW, { policy }).channel).toBe(row.channel);
      } else {
        expect(() => chooseChannel(campaign, reachableUser(), NOW, { policy })).toThrow(
          expect.objectContaining({ name: "ChannelConfigError", path: "/categories/service/legalBasis/0" }),
        );
      }
    });
  });
});
