import type { Channel } from "../channel.js";
import { field } from "../../json/own-value.js";
import type { Ineligibility } from "./ineligibility.js";

/**
 * The user's own opt-outs, which win over every campaign setting: a channel turned off, a category
 * turned off, or a category turned off on one channel.
 */
export function preferenceRefusal(preferences: unknown, category: string, channel: Channel): Ineligibility | undefined {
  if (field(field(preferences, "channels"), channel) === false) return { reason: "user-preference", detail: `the user turned ${channel} off (user.preferences.channels.${channel} is false)` };
  const categoryChoice = field(field(preferences, "categories"), category);
  if (categoryChoice === false) return { reason: "user-preference", detail: `the user turned ${category} messages off (user.preferences.categories.${category} is false)` };
  if (field(categoryChoice, channel) === false) return { reason: "user-preference", detail: `the user turned ${category} messages off on ${channel} (user.preferences.categories.${category}.${channel} is false)` };
  return undefined;
}
