import * as fc from "fast-check";
import type { CapPolicyInput, CapScope } from "../caps/policy/cap-policy-schema.js";
import { CHANNELS, type Channel } from "../channels/channel.js";

export interface CapPolicyArbitraryOptions {
  /** Channels scopes and quiet hours may name (default: every channel). */
  readonly channels?: readonly Channel[];
  /** Tags `{ tag }` scopes may name (in an engine config: tags some campaign has). */
  readonly tags?: readonly string[];
  /** Campaign ids `{ campaign }` scopes may name. */
  readonly campaigns?: readonly string[];
  /** Placements `{ placement }` scopes may name. */
  readonly placements?: readonly string[];
  /** Include `{ lifetime: true }` and `{ session: true }` windows (default true). */
  readonly unusualWindows?: boolean;
}

type CapRuleInput = NonNullable<CapPolicyInput["caps"]>[number];

const CLOCKS = ["00:00", "07:15", "08:00", "13:00", "21:00", "22:30"];

/**
 * Valid cap policies (nudgekit/caps): caps over rolling and calendar windows (and lifetime or
 * session ones), cooldowns and quiet hours, with unique ids and scopes that name only the channels,
 * tags, campaigns and placements given, so an engine config using it stays valid.
 *
 * @example
 * fc.assert(fc.property(capPolicyArbitrary({ tags: ["marketing"] }), (caps) => { createEngine({ ...config, caps }); }));
 */
export function capPolicyArbitrary(options: CapPolicyArbitraryOptions = {}): fc.Arbitrary<CapPolicyInput> {
  const channels = options.channels !== undefined && options.channels.length > 0 ? options.channels : CHANNELS;
  const scopes: fc.Arbitrary<CapScope>[] = [
    fc.constant({ all: true as const }).map((scope) => ({ ...scope })),
    fc.constantFrom(...channels).map((channel) => ({ channel })),
    fc.subarray([...channels], { minLength: 1 }).map((list) => ({ channels: list })),
  ];
  if (options.tags !== undefined && options.tags.length > 0) scopes.push(fc.constantFrom(...options.tags).map((tag) => ({ tag })));
  if (options.campaigns !== undefined && options.campaigns.length > 0) scopes.push(fc.constantFrom(...options.campaigns).map((campaign) => ({ campaign })));
  if (options.placements !== undefined && options.placements.length > 0) scopes.push(fc.constantFrom(...options.placements).map((placement) => ({ placement })));
  const scope = fc.oneof(...scopes);
  const windows: fc.Arbitrary<CapRuleInput["window"]>[] = [
    fc.constantFrom("1h", "24h", "7d", "30d").map((rolling) => ({ rolling })),
    fc.constantFrom("day" as const, "week" as const, "month" as const).map((calendar) => ({ calendar })),
    fc.integer({ min: 0, max: 6 }).map((weekStartsOn) => ({ calendar: "week" as const, weekStartsOn })),
  ];
  if (options.unusualWindows !== false) windows.push(fc.constant(null).map(() => ({ lifetime: true as const })), fc.constant(null).map(() => ({ session: true as const })));
  const window = fc.oneof(...windows);
  return fc
    .record({
      caps: fc.array(fc.record({ scope, limit: fc.integer({ min: 1, max: 5 }), window }), { maxLength: 4 }),
      cooldowns: fc.array(fc.record({ scope, interval: fc.constantFrom("30s", "10m", "1h", "12h") }), { maxLength: 2 }),
      quietHours: fc.array(
        fc.record({ channels: fc.subarray([...channels], { minLength: 1 }), hours: fc.uniqueArray(fc.constantFrom(...CLOCKS), { minLength: 2, maxLength: 2 }), action: fc.constantFrom("defer" as const, "drop" as const) }),
        { maxLength: 2 },
      ),
    })
    .map(({ caps, cooldowns, quietHours }) => ({
      caps: caps.map((cap, index): CapRuleInput => ({ id: `cap-${index}`, ...cap })),
      cooldowns: cooldowns.map((cooldown, index) => ({ id: `cooldown-${index}`, ...cooldown })),
      quietHours: quietHours.map(({ channels: quiet, hours, action }, index) => ({ id: `quiet-${index}`, channels: quiet, from: hours[0]!, to: hours[1]!, action })),
    }));
}
