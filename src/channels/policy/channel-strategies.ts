/**
 * How a category picks among eligible channels. `first-eligible`: the first eligible channel in
 * preference order. `best-engagement`: the eligible channel with the highest smoothed engagement
 * rate in the user's own history. `all-eligible`: every eligible channel at once (fan-out for
 * critical messages). Kept apart from the category defaults: a loaded engine checks prepared
 * configs against the list without building those.
 */
export const CHANNEL_STRATEGIES = Object.freeze(["first-eligible", "best-engagement", "all-eligible"] as const);
export type ChannelStrategy = (typeof CHANNEL_STRATEGIES)[number];
