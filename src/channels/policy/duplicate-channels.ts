import type { LocatedProblem } from "../../validation/located-problems.js";
import type { Channel } from "../channel.js";

/** The problem when `channels[index]` repeats an earlier entry (the first mention is fine), located at `path/index`. */
export function duplicateChannelProblem(channels: readonly Channel[], index: number, path: string): LocatedProblem | undefined {
  const channel = channels[index] as Channel;
  return channels.indexOf(channel) !== index ? { path: `${path}/${index}`, message: `lists ${channel} twice` } : undefined;
}
